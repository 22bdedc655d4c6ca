// Streaming JSON extraction for the file sources: yields the values found at chosen paths of one
// document without holding the document, so a 200 MB Terraform state is read in bounded memory (one
// resource at a time). Built on stream-json's tokenizer; the path tracking is ours because the values
// of interest sit at several depths (state v4 `resources[i]`, `terraform show -json` root and child
// modules) and the caller needs to know which path each value came from.
import type { Readable } from 'node:stream';
import Assembler from 'stream-json/Assembler.js';
import Parser from 'stream-json/Parser.js';

export type JsonPath = readonly (string | number)[];

interface Token {
  name: string;
  value?: unknown;
}

interface Frame {
  kind: 'object' | 'array';
  /** Key of the value being read (objects) or its index (arrays). */
  at: string | number | undefined;
}

export interface PathValue {
  path: JsonPath;
  value: unknown;
}

/** Thrown for text that is not JSON (the message is the parser's: line and position). */
export class JsonSyntaxError extends Error {}

const VALUE_TOKENS = new Set(['stringValue', 'numberValue', 'nullValue', 'trueValue', 'falseValue']);

function primitive(token: Token): unknown {
  switch (token.name) {
    case 'stringValue':
      return token.value;
    case 'numberValue':
      return Number(token.value);
    case 'trueValue':
      return true;
    case 'falseValue':
      return false;
    default:
      return null;
  }
}

export type ValueKind = 'object' | 'array' | 'primitive';

/**
 * Every value whose path `want` accepts, in document order, assembled whole (its inner values are not
 * offered again). `seen` is told the path and kind of every other value (the root included), so a
 * caller can refuse a document of the wrong shape without assembling it.
 */
export async function* valuesAt(
  input: Readable,
  want: (path: JsonPath) => boolean,
  seen?: (path: JsonPath, kind: ValueKind) => void,
): AsyncGenerator<PathValue> {
  const parser = new Parser({ packValues: true, streamValues: false });
  // The source's errors (a dropped SFTP channel, an S3 body reset) end the parse with that error.
  input.on('error', (err) => parser.destroy(err));
  input.pipe(parser);
  const stack: Frame[] = [];
  let asm: Assembler | undefined;
  let asmPath: JsonPath = [];
  const path = (): (string | number)[] => stack.map((f) => f.at as string | number);
  try {
    for await (const token of parser as AsyncIterable<Token>) {
      if (asm) {
        asm.consume(token as { name: string; value?: string });
        if (asm.done) {
          yield { path: asmPath, value: asm.current as unknown };
          asm = undefined;
          advance(stack);
        }
        continue;
      }
      if (token.name === 'keyValue') {
        const top = stack[stack.length - 1];
        if (top) top.at = token.value as string;
        continue;
      }
      if (token.name === 'endObject' || token.name === 'endArray') {
        stack.pop();
        advance(stack);
        continue;
      }
      const isStart = token.name === 'startObject' || token.name === 'startArray';
      if (!isStart && !VALUE_TOKENS.has(token.name)) continue;
      const here = path();
      if (stack.length > 0 && want(here)) {
        if (isStart) {
          asm = new Assembler();
          asmPath = here;
          asm.consume(token as { name: string });
        } else {
          yield { path: here, value: primitive(token) };
          advance(stack);
        }
        continue;
      }
      seen?.(
        here,
        token.name === 'startObject' ? 'object' : token.name === 'startArray' ? 'array' : 'primitive',
      );
      if (isStart) {
        stack.push({ kind: token.name === 'startObject' ? 'object' : 'array', at: undefined });
        if (token.name === 'startArray') (stack[stack.length - 1] as Frame).at = 0;
      } else {
        advance(stack);
      }
    }
  } catch (err) {
    if (isParserError(err)) throw new JsonSyntaxError((err as Error).message);
    throw err;
  } finally {
    input.unpipe(parser);
    parser.destroy();
  }
}

/** After a value inside an array, the next one has the next index. */
function advance(stack: Frame[]): void {
  const top = stack[stack.length - 1];
  if (top?.kind === 'array') top.at = (top.at as number) + 1;
}

function isParserError(err: unknown): boolean {
  // stream-json's tokenizer errors: "Parser cannot parse input: ..." / "Parser has expected ...".
  return err instanceof Error && /^Parser (cannot|has expected)/.test(err.message);
}
