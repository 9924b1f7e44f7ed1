import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { CORPUS, readBytes } from '../../../../test/support/corpus';
import { expectSameOutcome, outcome } from '../../../../test/support/sameProfile';
import { ANY_FORMAT, applyJsonEdits, check, cutPoints, expectSaneOrFormatError, jsonEdit, jsonPaths, mutatedBytes, printCaseCounts, truncated } from '../../../../test/support/fuzz';
import { ProfileFormatError } from '../../errors';
import type { Profile } from '../../model';
import { importCpuProfile, profileFromV8 } from './cpuprofile';
import { importProfiles } from '../../io/import';
import { jsonErrorOffset, parseJson } from '../../io/json';

// Property-based tests of the .cpuprofile importer on mutations of a real profile: whatever the
// bytes, a sane profile or a ProfileFormatError('cpuprofile') that says where, within 2 s.

const SMALL = readBytes(join(CORPUS, 'cpuprofile/small.cpuprofile'));
const DEEP = readBytes(join(CORPUS, 'cpuprofile/deep.cpuprofile'));
const FORMATS = ['cpuprofile', 'unknown format']; // a JSON object with none of a .cpuprofile's keys is said to be no profile
const WHERE = /^(byte \d+( of \d+)?|nodes\[\d+\]|samples(\[\d+\])?|timeDeltas\[\d+\]|endTime)$/;
const ANY_WHERE = /^(byte \d+( of \d+)?|line \d+|nodes\[\d+\]|samples(\[\d+\])?|timeDeltas\[\d+\]|endTime)$/;
const enc = new TextEncoder();

const direct = (bytes: Uint8Array) => expectSaneOrFormatError('cpuprofile', () => importCpuProfile(bytes), FORMATS, WHERE);
const viaIndex = (bytes: Uint8Array) => expectSaneOrFormatError('cpuprofile', () => importProfiles(bytes), ANY_FORMAT, ANY_WHERE);

/** The JSON.parse path alone, as importCpuProfile takes it when its byte scanner declines. */
function viaJsonParse(bytes: Uint8Array): Profile {
  const json = parseJson(bytes, 'cpuprofile') as Record<string, unknown>;
  if (typeof json !== 'object' || json === null || Array.isArray(json) || !Array.isArray(json.nodes)) {
    throw new ProfileFormatError('cpuprofile', 'no "nodes" array at the top level', 'byte 0');
  }
  const finite = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : NaN);
  return profileFromV8({
    nodes: json.nodes,
    samples: Array.isArray(json.samples) ? json.samples : [],
    timeDeltas: Array.isArray(json.timeDeltas) ? json.timeDeltas : [],
    startTime: finite(json.startTime),
    endTime: finite(json.endTime),
  }, 'cpuprofile', 'profile.cpuprofile');
}

function noCpuprofileKey(bytes: Uint8Array): boolean {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return false;
  }
  return typeof json === 'object' && json !== null && !Array.isArray(json)
    && !['nodes', 'samples', 'timeDeltas', 'startTime', 'endTime'].some((k) => Object.hasOwn(json, k));
}

describe('fuzz: cpuprofile', () => {
  afterAll(() => printCaseCounts('cpuprofile.fuzz'));

  it('fuzz: truncated at 500 points of small.cpuprofile and 100 of deep.cpuprofile, directly and through importProfiles', () => {
    let profiles = 0;
    for (const cut of cutPoints(SMALL.length, 500)) {
      if (direct(SMALL.subarray(0, cut)) === 'profile') profiles++;
      viaIndex(SMALL.subarray(0, cut));
    }
    for (const cut of cutPoints(DEEP.length, 100)) direct(DEEP.subarray(0, cut));
    expect(profiles).toBe(0); // a cut JSON document never parses
  });

  it('fuzz: random truncation, flipped, set, inserted, deleted and duplicated bytes', () => {
    check(fc.property(fc.oneof(truncated(SMALL), mutatedBytes(SMALL)), (bytes) => {
      direct(bytes);
      viaIndex(bytes);
    }), 400);
  });

  const doc = JSON.parse(new TextDecoder().decode(SMALL)) as unknown;
  const paths = jsonPaths(doc);

  it('fuzz: JSON structure edits (hostile values, deleted and copied members: duplicate ids, cycles, bad types)', () => {
    check(fc.property(fc.array(jsonEdit(paths.length), { minLength: 1, maxLength: 6 }), (edits) => {
      const bytes = enc.encode(JSON.stringify(applyJsonEdits(doc, paths, edits)));
      direct(bytes);
      viaIndex(bytes);
    }), 400);
  });

  it('fuzz: the byte scanner and the JSON.parse path give the same profile or the same error', () => {
    const same = (bytes: Uint8Array) => {
      // JSON with none of a .cpuprofile's keys is some other JSON, which the importer names as
      // such (broken.test.ts, not-a-profile.json); the scanner takes no part in it
      if (noCpuprofileKey(bytes)) return;
      expectSameOutcome(outcome(() => importCpuProfile(bytes, { name: 'profile.cpuprofile' })), outcome(() => viaJsonParse(bytes)));
    };
    check(fc.property(fc.oneof(
      fc.array(jsonEdit(paths.length), { minLength: 1, maxLength: 4 }).map((edits) => enc.encode(JSON.stringify(applyJsonEdits(doc, paths, edits), null, 1))),
      mutatedBytes(SMALL, 3),
    ), same), 200);
  });

  it('fuzz: jsonErrorOffset finds an error exactly when JSON.parse does, at most at the end', () => {
    check(fc.property(fc.oneof(truncated(SMALL), mutatedBytes(SMALL, 3)), (bytes) => {
      let valid = true;
      try {
        JSON.parse(new TextDecoder().decode(bytes));
      } catch {
        valid = false;
      }
      const at = jsonErrorOffset(bytes);
      expect(at < 0).toBe(valid);
      expect(at).toBeLessThanOrEqual(bytes.length);
    }), 300);
  });
});
