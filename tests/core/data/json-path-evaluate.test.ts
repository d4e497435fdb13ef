import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import type { Json } from '../../../src/core/json.js';
import { evaluatePath } from '../../../src/core/data/json-path.js';
import type { PathContext } from '../../../src/core/data/path-context.js';

const store: Json = {
  store: {
    book: [
      { category: 'reference', author: 'Nigel Rees', title: 'Sayings', price: 8.95 },
      { category: 'fiction', author: 'Evelyn Waugh', title: 'Sword', price: 12.99 },
      { category: 'fiction', author: 'Herman Melville', title: 'Moby Dick', isbn: '0-553', price: 8.99 },
      { category: 'fiction', author: 'J. R. R. Tolkien', title: 'Rings', isbn: '0-395', price: 22.99 },
    ],
    bicycle: { color: 'red', price: 19.95 },
  },
  'a b': 1,
  "it's": 2,
  empty: null,
  flag: false,
  limit: 10,
  list: [0, 1, 2, 3, 4, 5],
};

const ctx: PathContext = {
  input: store,
  context: { Execution: { Id: 'arn:x', Input: { n: 1 } }, State: { Name: 'Pay', RetryCount: 0 } },
  variables: { customer: { id: 'c-1', tags: ['a', 'b'] }, count: 3, nothing: null },
};

const titles = (...indexes: number[]): Json[] => {
  const books = (store as { store: { book: { title: string }[] } }).store.book;
  return indexes.map((index) => books[index]!.title);
};

describe('evaluatePath on definite paths', () => {
  it.each<[string, boolean, Json]>([
    ['$', true, store],
    ['$.limit', true, 10],
    ['$.empty', true, null],
    ['$.flag', true, false],
    ["$['a b']", true, 1],
    ['$["it\'s"]', true, 2],
    ['$.store.bicycle.color', true, 'red'],
    ['$.store.book[1].author', true, 'Evelyn Waugh'],
    ['$.store.book[-1].title', true, 'Rings'],
    ['$.list[5]', true, 5],
    ['$.list[-6]', true, 0],
    ["$.store.bicycle['color','price']", true, { color: 'red', price: 19.95 }],
    ["$.store.bicycle['color','wheels']", true, { color: 'red' }],
    ['$.missing', false, null],
    ['$.store.missing.deeper', false, null],
    ['$.list[6]', false, null],
    ['$.list[-7]', false, null],
    ['$.limit.x', false, null],
    ['$.list.length', false, null],
    ['$.store[0]', false, null],
    ["$.limit['a','b']", false, null],
  ])('%s', (path, found, value) => {
    expect(evaluatePath(path, ctx)).toEqual({ found, value });
  });
});

describe('evaluatePath on indefinite paths', () => {
  it.each<[string, Json[]]>([
    ['$.store.book[*].author', ['Nigel Rees', 'Evelyn Waugh', 'Herman Melville', 'J. R. R. Tolkien']],
    ['$.store.bicycle.*', ['red', 19.95]],
    ['$..author', ['Nigel Rees', 'Evelyn Waugh', 'Herman Melville', 'J. R. R. Tolkien']],
    ['$.store..price', [8.95, 12.99, 8.99, 22.99, 19.95]],
    ['$..book[2].title', ['Moby Dick']],
    ['$..book[-1:].title', ['Rings']],
    ['$..[0].title', ['Sayings']],
    ['$.store.book[0,2].title', titles(0, 2)],
    ['$.store.book[0,9].title', titles(0)],
    ['$.store.book[:2].title', titles(0, 1)],
    ['$.store.book[1:3].title', titles(1, 2)],
    ['$.store.book[::2].title', titles(0, 2)],
    ['$.store.book[::-1].title', titles(3, 2, 1, 0)],
    ['$.store.book[-2:].title', titles(2, 3)],
    ['$.store.book[?(@.isbn)].title', titles(2, 3)],
    ['$.store.book[?(!@.isbn)].title', titles(0, 1)],
    ['$.store.book[?(@.price < 10)].title', titles(0, 2)],
    ['$.store.book[?(@.price <= 8.99)].title', titles(0, 2)],
    ['$.store.book[?(@.price > 12.99)].title', titles(3)],
    ['$.store.book[?(@.price >= 12.99)].title', titles(1, 3)],
    ["$.store.book[?(@.category == 'reference')].title", titles(0)],
    ['$.store.book[?(@.category != "reference")].title', titles(1, 2, 3)],
    ["$.store.book[?(@.category == 'fiction' && @.price < 10)].title", titles(2)],
    ["$.store.book[?(@.category == 'reference' || @.price > 20)].title", titles(0, 3)],
    ["$.store.book[?(!(@.category == 'fiction'))].title", titles(0)],
    ['$.store.book[?(@.price < $.limit)].title', titles(0, 2)],
    ['$.store.book[?(@.price > $.store.bicycle.price)].title', titles(3)],
    // Jayway: `!=` negates `==`, so a missing property is "not equal" to anything.
    ['$.store.book[?(@.isbn != null)].title', titles(0, 1, 2, 3)],
    ["$.store.book[?(@.isbn != '0-553')].title", titles(0, 1, 3)],
    ["$.store.book[?(@.isbn == '0-553')].title", titles(2)],
    ['$.store.book[?(@.title < "Rings")].title', titles(2)],
    ['$.store.book[?(@.price == "8.95")].title', []],
    ['$.store.book[?(@.price < "9")].title', []],
    ['$..[?(@.color)].price', [19.95]],
    ['$.list[?(@ > 3)]', [4, 5]],
    ['$.list[?(@ == 2 || @ == 4)]', [2, 4]],
    ['$.store.bicycle[?(@.color == "red")].price', [19.95]],
    ['$.store.bicycle[?(@.color == "blue")].price', []],
    ['$.missing[*]', []],
    ['$.limit[*]', []],
    ['$.limit[1:2]', []],
  ])('%s', (path, value) => {
    expect(evaluatePath(path, ctx)).toEqual({ found: true, value });
  });

  it('treats null as present in existence filters and compares with true/false literals', () => {
    const input: Json = { items: [{ a: null }, { b: 1 }, { a: true }, { a: false }] };
    const local = { input, context: null };
    expect(evaluatePath('$.items[?(@.a)]', local).value).toEqual([{ a: null }, { a: true }, { a: false }]);
    expect(evaluatePath('$.items[?(@.a == true)]', local).value).toEqual([{ a: true }]);
    expect(evaluatePath('$.items[?(@.a == false)]', local).value).toEqual([{ a: false }]);
    expect(evaluatePath('$.items[?(@.a == null)]', local).value).toEqual([{ a: null }]);
    expect(evaluatePath('$.items[?(@.a != null)]', local).value).toEqual([{ b: 1 }, { a: true }, { a: false }]);
  });

  it('combines a comparison with an existence test', () => {
    const input: Json = [{ a: 'x', b: 0 }, { a: 'x' }, { a: 'y', b: 1 }, { a: 'x', b: null }];
    const value = evaluatePath("$[?(@.a == 'x' && @.b)]", { input, context: null }).value;
    expect(value).toEqual([
      { a: 'x', b: 0 },
      { a: 'x', b: null },
    ]);
  });

  it('compares objects and arrays structurally in filters', () => {
    const input = {
      items: [{ a: [1, { b: 2 }] }, { a: [1, { b: 3 }] }, { a: [1, { b: 3, c: 4 }] }],
      wanted: [1, { b: 3 }],
    };
    expect(evaluatePath('$.items[?(@.a == $.wanted)]', { input, context: null }).value).toEqual([input.items[1]]);
    expect(evaluatePath('$.items[?(@.a != $.wanted)]', { input, context: null }).value).toEqual([
      input.items[0],
      input.items[2],
    ]);
  });

  it('reads the context object and variables inside filters', () => {
    const local: PathContext = {
      input: { items: [{ n: 1 }, { n: 3 }] },
      context: { Min: 2 },
      variables: { max: 1 },
    };
    expect(evaluatePath('$.items[?(@.n > $$.Min)]', local).value).toEqual([{ n: 3 }]);
    expect(evaluatePath('$.items[?(@.n == $max)]', local).value).toEqual([{ n: 1 }]);
    expect(evaluatePath('$.items[?(@.n == $unknown)]', local).value).toEqual([]);
  });
});

describe('evaluatePath roots', () => {
  it.each<[string, boolean, Json]>([
    ['$$', true, ctx.context],
    ['$$.Execution.Id', true, 'arn:x'],
    ['$$.State.RetryCount', true, 0],
    ['$$.Missing', false, null],
    ['$customer', true, { id: 'c-1', tags: ['a', 'b'] }],
    ['$customer.id', true, 'c-1'],
    ['$customer.tags[1]', true, 'b'],
    ['$customer.tags[*]', true, ['a', 'b']],
    ['$nothing', true, null],
    ['$count', true, 3],
    ['$unknown', false, null],
    ['$unknown[*]', false, null],
    ['$toString', false, null],
  ])('%s', (path, found, value) => {
    expect(evaluatePath(path, ctx)).toEqual({ found, value });
  });

  it('reports variables as missing when the context has none', () => {
    expect(evaluatePath('$customer', { input: {}, context: {} })).toEqual({ found: false, value: null });
  });
});

describe('evaluatePath properties', () => {
  const smallInt = fc.integer({ min: -8, max: 8 });

  it('[start:end] is Array.prototype.slice', () => {
    fc.assert(
      fc.property(fc.array(fc.integer(), { maxLength: 10 }), smallInt, smallInt, (list, start, end) => {
        const result = evaluatePath(`$[${start}:${end}]`, { input: list, context: null });
        expect(result).toEqual({ found: true, value: list.slice(start, end) });
      }),
    );
  });

  it('[start:end:step] picks every step-th element of the slice', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer(), { maxLength: 10 }),
        smallInt,
        smallInt,
        fc.integer({ min: 1, max: 4 }),
        (list, start, end, step) => {
          const result = evaluatePath(`$[${start}:${end}:${step}]`, { input: list, context: null });
          expect(result.value).toEqual(list.slice(start, end).filter((_, index) => index % step === 0));
        },
      ),
    );
  });

  it('[::-1] reverses and [*] lists every element', () => {
    fc.assert(
      fc.property(fc.array(fc.jsonValue(), { maxLength: 6 }), (list) => {
        const local = { input: list as Json, context: null };
        expect(evaluatePath('$[::-1]', local).value).toEqual([...list].reverse());
        expect(evaluatePath('$[*]', local).value).toEqual(list);
      }),
    );
  });

  it('never mutates the input', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.constantFrom('$..*', '$[*]', '$.a', '$[0:2]', '$..[?(@.a)]'), (input, path) => {
        const before = JSON.stringify(input);
        evaluatePath(path, { input: input as Json, context: null });
        expect(JSON.stringify(input)).toBe(before);
      }),
    );
  });
});
