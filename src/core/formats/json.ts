import { ProfileFormatError } from '../errors';

const decoder = new TextDecoder('utf-8');

/** JSON.parse over bytes, turning a syntax error into one that names the byte offset. */
export function parseJson(bytes: Uint8Array, format: string): unknown {
  const text = decoder.decode(bytes);
  try {
    return JSON.parse(text);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const at = /position (\d+)/.exec(message);
    const where = at ? `byte ${charOffsetToByte(text, Number(at[1]))}` : `byte ${bytes.length}`;
    const problem = text.trim() === '' ? 'the file is empty' : `not valid JSON: ${message.replace(/ in JSON at position \d+.*$/s, '')}`;
    throw new ProfileFormatError(format, problem, where);
  }
}

function charOffsetToByte(text: string, offset: number): number {
  return new TextEncoder().encode(text.slice(0, offset)).length;
}
