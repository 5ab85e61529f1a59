/**
 * The JSON parser for safetensors headers.
 *
 * `JSON.parse` is not safe on a header from an untrusted file: it keeps the last of two
 * duplicate keys without a word (the reference implementation, serde_json, refuses them, so
 * the two would read one file differently), and it happily builds a structure nested 100 000
 * levels deep, which the first recursive walk over it (even `JSON.stringify` in an error
 * message) turns into a stack overflow. This parser is strict JSON (RFC 8259) and enforces, as
 * it reads, the limits a header has to respect: no duplicate key in any object, nesting no
 * deeper than {@link MAX_HEADER_DEPTH}, and no more than a given number of members in the top
 * object (one per tensor). It stops at the first violation, so a hostile header costs at most
 * the work up to that point.
 *
 * A key `__proto__` is an ordinary member, as with `JSON.parse`.
 */
import { SafetensorsError } from './errors.js';

/**
 * The deepest nesting a header may have. A valid header needs 3 levels (the top object, a
 * tensor entry, its `shape` array); the slack admits unknown extra fields in an entry, which
 * the reference implementation ignores.
 */
export const MAX_HEADER_DEPTH = 16;

/** A parsed JSON value. */
export type JsonValue = null | boolean | number | string | JsonValue[] | JsonObject;

/** A parsed JSON object. */
export interface JsonObject {
  [key: string]: JsonValue;
}

/**
 * Parses `text` as a safetensors header, refusing duplicate keys, nesting deeper than
 * {@link MAX_HEADER_DEPTH} and more than `maxTopMembers` members in the top-level object.
 * @throws SafetensorsError saying what is wrong and at which character.
 */
export function parseHeaderJson(text: string, maxTopMembers: number): JsonValue {
  return new HeaderJsonParser(text, maxTopMembers).parseDocument();
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

class HeaderJsonParser {
  private position = 0;
  private depth = 0;

  constructor(
    private readonly text: string,
    private readonly maxTopMembers: number,
  ) {}

  parseDocument(): JsonValue {
    const value = this.parseValue();
    this.skipWhitespace();
    if (this.position < this.text.length) this.fail('unexpected text after the JSON value');
    return value;
  }

  private parseValue(): JsonValue {
    this.skipWhitespace();
    const c = this.text.charCodeAt(this.position);
    if (c === 0x7b) return this.parseObject(); // {
    if (c === 0x5b) return this.parseArray(); // [
    if (c === QUOTE) return this.parseString();
    if (c === 0x2d || (c >= 0x30 && c <= 0x39)) return this.parseNumber(); // - or digit
    if (this.text.startsWith('true', this.position)) return this.literal(4, true);
    if (this.text.startsWith('false', this.position)) return this.literal(5, false);
    if (this.text.startsWith('null', this.position)) return this.literal(4, null);
    return this.fail(
      this.position >= this.text.length ? 'unexpected end of the header' : 'unexpected character',
    );
  }

  private literal<T>(length: number, value: T): T {
    this.position += length;
    return value;
  }

  private enter(): void {
    this.depth++;
    if (this.depth > MAX_HEADER_DEPTH) {
      throw new SafetensorsError(
        `header nests deeper than ${MAX_HEADER_DEPTH} levels (at character ${this.position}); ` +
          'a header is { name: { dtype, shape, data_offsets }, "__metadata__": { key: "value" } }',
      );
    }
  }

  private parseObject(): JsonObject {
    this.enter();
    const isTop = this.depth === 1;
    const object: JsonObject = {};
    let members = 0;
    this.position++; // {
    this.skipWhitespace();
    if (this.text.charCodeAt(this.position) === 0x7d) {
      this.position++;
      this.depth--;
      return object;
    }
    for (;;) {
      this.skipWhitespace();
      if (this.text.charCodeAt(this.position) !== QUOTE) this.fail('expected a quoted key');
      const keyAt = this.position;
      const key = this.parseString();
      if (Object.hasOwn(object, key)) {
        throw new SafetensorsError(
          `header has the key ${JSON.stringify(key)} twice (at character ${keyAt}); ` +
            'JSON.parse would silently keep the last one, the reference implementation refuses the file',
        );
      }
      if (isTop && ++members > this.maxTopMembers) {
        throw new SafetensorsError(
          `header has more than ${this.maxTopMembers} entries (stopped at character ${keyAt}); ` +
            `tensorgrad reads at most ${this.maxTopMembers - 1} tensors from one file`,
        );
      }
      this.skipWhitespace();
      if (this.text.charCodeAt(this.position) !== 0x3a) this.fail("expected ':' after a key");
      this.position++;
      const value = this.parseValue();
      // Assigning to "__proto__" would set the prototype; define it as an ordinary member.
      if (key === '__proto__') {
        Object.defineProperty(object, key, {
          value,
          enumerable: true,
          writable: true,
          configurable: true,
        });
      } else {
        object[key] = value;
      }
      this.skipWhitespace();
      const next = this.text.charCodeAt(this.position);
      this.position++;
      if (next === 0x7d) break; // }
      if (next !== 0x2c) this.fail("expected ',' or '}' in an object", this.position - 1);
    }
    this.depth--;
    return object;
  }

  private parseArray(): JsonValue[] {
    this.enter();
    const array: JsonValue[] = [];
    this.position++; // [
    this.skipWhitespace();
    if (this.text.charCodeAt(this.position) === 0x5d) {
      this.position++;
      this.depth--;
      return array;
    }
    for (;;) {
      array.push(this.parseValue());
      this.skipWhitespace();
      const next = this.text.charCodeAt(this.position);
      this.position++;
      if (next === 0x5d) break; // ]
      if (next !== 0x2c) this.fail("expected ',' or ']' in an array", this.position - 1);
    }
    this.depth--;
    return array;
  }

  /**
   * A string token, scanned by hand (a regular expression for it overflows V8's backtracking
   * stack on long strings of escapes); escapes are decoded by `JSON.parse` of the token.
   */
  private parseString(): string {
    const start = this.position;
    let escaped = false;
    for (let i = start + 1; i < this.text.length; i++) {
      const c = this.text.charCodeAt(i);
      if (c === QUOTE) {
        this.position = i + 1;
        if (!escaped) return this.text.slice(start + 1, i);
        try {
          return JSON.parse(this.text.slice(start, i + 1)) as string;
        } catch {
          return this.fail('invalid escape in a string', start);
        }
      }
      if (c === BACKSLASH) {
        escaped = true;
        i++; // the escaped character cannot end the string
      } else if (c < 0x20) {
        this.fail('unescaped control character in a string', i);
      }
    }
    return this.fail('unterminated string', start);
  }

  private parseNumber(): number {
    NUMBER.lastIndex = this.position;
    const match = NUMBER.exec(this.text);
    if (match === null) return this.fail('invalid number');
    this.position += match[0].length;
    return Number(match[0]);
  }

  private skipWhitespace(): void {
    for (;;) {
      const c = this.text.charCodeAt(this.position);
      if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return;
      this.position++;
    }
  }

  private fail(what: string, at = this.position): never {
    const near = JSON.stringify(this.text.slice(at, at + 16));
    throw new SafetensorsError(
      `header is not valid JSON (${what} at character ${at}, near ${near})`,
    );
  }
}

/** RFC 8259's number grammar (sticky). */
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
