import type { Json } from '../json.js';
import { evaluateIntrinsic, type IntrinsicEnvironment } from './intrinsic-function.js';

/**
 * The functions AWS adds to JSONata in Step Functions: $partition, $range, $hash, $random,
 * $uuid, $parse. They reuse the intrinsic functions' implementations (same limits, same
 * injected randomness), so both query languages behave alike.
 */
export function registerAwsFunctions(bindings: Record<string, unknown>, environment: IntrinsicEnvironment): void {
  const call = (name: string, args: Json[]): Json =>
    evaluateIntrinsic(
      `States.${name}(${args.map((_, i) => `$.a${i}`).join(', ')})`,
      {
        input: Object.fromEntries(args.map((arg, i) => [`a${i}`, arg])),
        context: {},
      },
      environment,
    );
  bindings.partition = (array: Json, size: Json) => call('ArrayPartition', [array, size]);
  bindings.range = (start: Json, end: Json, step: Json) => call('ArrayRange', [start, end, step]);
  bindings.hash = (data: Json, algorithm: Json) => call('Hash', [data, algorithm]);
  bindings.random = (seed?: Json) => {
    const random = environment.random;
    if (seed === undefined && random) return random();
    return (call('MathRandom', [0, 1_000_000_000, seed ?? 0]) as number) / 1_000_000_000;
  };
  bindings.uuid = () => call('UUID', []);
  bindings.parse = (text: Json) => call('StringToJson', [text]);
}
