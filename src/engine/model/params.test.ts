// Run parameters: declarations, the checks a run's values pass, text values, and the version-2
// document that carries them (version-1 documents migrate).
import { describe, expect, it } from 'vitest';
import { parseWorkflowDocument, safeParseWorkflowDocument } from './document.ts';
import { FlowWeaverError, WorkflowValidationError } from './errors.ts';
import {
  checkParamSpecs,
  paramToText,
  paramValueProblems,
  parseParamText,
  resolveParams,
  type ParamSpec,
} from './params.ts';
import { Workflow } from './Workflow.ts';

const SPECS: ParamSpec[] = [
  { name: 'city', type: 'string', required: true },
  { name: 'limit', type: 'number', default: 10 },
  { name: 'dryRun', type: 'boolean', default: false },
  { name: 'filter', type: 'json' },
];

describe('run parameters', () => {
  it('fills in defaults and keeps given values', () => {
    expect(resolveParams(SPECS, { city: 'Oslo' })).toEqual({
      city: 'Oslo',
      limit: 10,
      dryRun: false,
    });
    expect(resolveParams(SPECS, { city: 'Oslo', limit: 3, filter: { a: [1] } })).toEqual({
      city: 'Oslo',
      limit: 3,
      dryRun: false,
      filter: { a: [1] },
    });
    expect(Object.isFrozen(resolveParams(SPECS, { city: 'x' }))).toBe(true);
  });

  it.each([
    [
      { city: 'Oslo', town: 'x' },
      /unknown parameter "town" \(this workflow declares: city, limit, dryRun, filter\)/,
    ],
    [{ city: 'Oslo', limit: 'ten' }, /parameter "limit" must be a number \(got "ten"\)/],
    [{ city: 'Oslo', dryRun: 'yes' }, /parameter "dryRun" must be true or false/],
    [{ city: 'Oslo', filter: () => 1 }, /parameter "filter" must be a JSON value/],
    [{}, /missing required parameter "city"/],
  ])('refuses %j with E_BAD_PARAMS naming the parameter', (values, message) => {
    let error: unknown;
    try {
      resolveParams(SPECS, values as Record<string, unknown>);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(FlowWeaverError);
    expect((error as FlowWeaverError).code).toBe('E_BAD_PARAMS');
    expect((error as Error).message).toMatch(message);
  });

  it('lists every problem at once', () => {
    expect(paramValueProblems(SPECS, { limit: 'x', other: 1 })).toEqual([
      'unknown parameter "other" (this workflow declares: city, limit, dryRun, filter)',
      'parameter "limit" must be a number (got "x")',
      'missing required parameter "city"',
    ]);
  });

  it('parses text values by type, saying why one does not fit', () => {
    expect(parseParamText('string', ' a b ')).toEqual({ ok: true, value: ' a b ' });
    expect(parseParamText('number', '2.5')).toEqual({ ok: true, value: 2.5 });
    expect(parseParamText('number', 'abc')).toEqual({
      ok: false,
      reason: 'must be a number (got "abc")',
    });
    expect(parseParamText('number', '')).toMatchObject({ ok: false });
    expect(parseParamText('boolean', 'true')).toEqual({ ok: true, value: true });
    expect(parseParamText('boolean', 'yes')).toMatchObject({ ok: false });
    expect(parseParamText('json', '{"a":[1,2]}')).toEqual({ ok: true, value: { a: [1, 2] } });
    expect(parseParamText('json', '{a')).toMatchObject({ ok: false, reason: /must be JSON/ });
    expect(paramToText('json', { a: 1 })).toBe('{"a":1}');
    expect(paramToText('string', 'x')).toBe('x');
    expect(paramToText('number', 3)).toBe('3');
  });

  it('checks declarations: names, repeats, defaults of the wrong type', () => {
    expect(
      checkParamSpecs([
        { name: '1x', type: 'string' },
        { name: 'a', type: 'number', default: 'no' },
        { name: 'a', type: 'string' },
      ]).map((i) => i.message),
    ).toEqual([
      'Parameter "1x": the name must be letters, digits or _, not starting with a digit',
      'Parameter "a": its default must be a number (got "no")',
      'Parameter "a" is declared twice',
    ]);
    expect(
      () => new Workflow('w', { params: [{ name: 'a', type: 'boolean', default: 1 }] }),
    ).toThrow(WorkflowValidationError);
  });
});

describe('document version 2', () => {
  const v1 = {
    format: 'flowweaver.workflow',
    version: 1,
    id: 'old',
    name: 'Old',
    tasks: [{ name: 'a', code: 'return 1;', dependsOn: [] }],
  };

  it('migrates a version-1 document to version 2 unchanged otherwise', () => {
    const doc = parseWorkflowDocument(v1);
    expect(doc).toEqual({ ...v1, version: 2 });
    expect(Workflow.fromDocument(JSON.stringify(v1)).toDocument().version).toBe(2);
  });

  it('carries params and task secrets through a round trip', () => {
    const wf = new Workflow('P', {
      params: [{ name: 'n', type: 'number', default: 2, description: 'how many', required: true }],
    });
    wf.addTask(() => 1, { name: 'a', secrets: ['API_KEY'] });
    const doc = wf.toDocument();
    expect(doc.version).toBe(2);
    expect(doc.params).toEqual([
      { name: 'n', type: 'number', default: 2, description: 'how many', required: true },
    ]);
    expect(doc.tasks[0]!.secrets).toEqual(['API_KEY']);
    const back = Workflow.fromDocument(JSON.parse(JSON.stringify(doc)));
    expect(back.params).toEqual(doc.params);
    expect(back.toDocument()).toEqual(doc);
  });

  it('refuses bad params and secret names in a document', () => {
    const bad = (extra: Record<string, unknown>, task: Record<string, unknown> = {}) => {
      const r = safeParseWorkflowDocument({
        ...v1,
        version: 2,
        tasks: [{ ...v1.tasks[0], ...task }],
        ...extra,
      });
      return r.ok ? [] : r.issues.map((i) => i.message);
    };
    expect(bad({ params: [{ name: 'x', type: 'date' }] })[0]).toMatch(/params/);
    expect(bad({ params: [{ name: 'x', type: 'number', default: 'a' }] })).toEqual([
      'Parameter "x": its default must be a number (got "a")',
    ]);
    expect(bad({}, { secrets: ['not ok'] })[0]).toMatch(/secrets/);
    expect(bad({ params: [{ name: 'x', type: 'string' }] }, { secrets: ['API_KEY'] })).toEqual([]);
  });
});
