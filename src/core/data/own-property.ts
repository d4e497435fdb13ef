import type { Json, JsonObject } from '../json.js';

/** Sets an own enumerable property, even one named `__proto__` (plain assignment would set the prototype). */
export function setOwnProperty(target: JsonObject, key: string, value: Json): void {
  if (key === '__proto__')
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}
