import { describe, expect, it } from 'vitest';
import {
  emptyStruct,
  goAny,
  goBool,
  goInt,
  goString,
  goValue,
  mapOf,
  parseTemplate,
  pointerTo,
  sliceOf,
  type GoType,
} from '../../src/shell/commands/docker/go-template.ts';

/** A small Go struct with one field of every shape the inspect types use. */
const HEALTH: GoType = { kind: 'struct', name: 'container.HealthConfig', fields: [{ name: 'Test', type: sliceOf(goString) }, { name: 'Interval', type: { kind: 'duration' } }] };
const SAMPLE: GoType = {
  kind: 'struct',
  name: 'types.Sample',
  fields: [
    { name: 'ID', json: 'Id', type: goString },
    { name: 'Tags', type: sliceOf(goString) },
    { name: 'Empty', type: sliceOf(goString) },
    { name: 'Labels', type: mapOf(goString) },
    { name: 'NoLabels', type: mapOf(goString) },
    { name: 'Ports', type: mapOf(emptyStruct) },
    { name: 'Size', type: goInt },
    { name: 'Big', type: goInt },
    { name: 'Tty', type: goBool },
    { name: 'Health', type: pointerTo(HEALTH) },
    { name: 'NoHealth', type: pointerTo(HEALTH) },
    { name: 'Root', type: { kind: 'struct', name: 'types.RootFS', fields: [{ name: 'Type', type: goString }, { name: 'Layers', type: sliceOf(goString) }, { name: 'BaseLayer', type: goString }] } },
    { name: 'When', type: { kind: 'time' } },
    { name: 'Any', type: goAny },
  ],
};
const DATA = {
  Id: 'sha256:0123456789abcdef',
  Tags: ['redis:latest', 'redis:7'],
  Empty: null,
  Labels: { b: '2', a: '1', 'org.opencontainers.image.title': 'redis' },
  NoLabels: null,
  Ports: { '6379/tcp': {}, '16379/tcp': {} },
  Size: 26348273,
  Big: 9007199254740991,
  Tty: false,
  Health: { Test: ['CMD', 'true'], Interval: 90_000_000_000 },
  NoHealth: null,
  Root: { Type: 'layers', Layers: ['sha256:aa', 'sha256:bb'] },
  When: '2024-09-26T21:31:42.5Z',
  Any: { n: 1, list: [true, null, 'x'] },
};

const run = (template: string, options = {}) => parseTemplate(template).execute(goValue(SAMPLE, DATA), options);
const raw = (template: string) => parseTemplate(template).execute(goValue(goAny, DATA), { missingKeyError: true });
const parseError = (template: string) => {
  try {
    parseTemplate(template);
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error(`parsed: ${template}`);
};
const execError = (fn: () => string) => {
  try {
    fn();
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('executed without error');
};

describe('Go template fields and values', () => {
  it('looks fields up by Go name on structs and by key on maps, with nested chains', () => {
    expect(run('{{.ID}}')).toBe('sha256:0123456789abcdef');
    expect(run('{{.Root.Type}} {{.Health.Test}}')).toBe('layers [CMD true]');
    expect(run('{{.Labels.a}}{{.Labels.b}}')).toBe('12');
    // The raw JSON fallback docker uses knows the JSON names instead.
    expect(raw('{{.Id}}')).toBe('sha256:0123456789abcdef');
  });

  it("prints values as fmt's %v does", () => {
    expect(run('{{.Tags}}')).toBe('[redis:latest redis:7]');
    expect(run('{{.Empty}}|{{.NoLabels}}|{{.NoHealth}}')).toBe('[]|map[]|<nil>');
    expect(run('{{.Labels}}')).toBe('map[a:1 b:2 org.opencontainers.image.title:redis]');
    expect(run('{{.Ports}}')).toBe('map[16379/tcp:{} 6379/tcp:{}]');
    expect(run('{{.Root}}')).toBe('{layers [sha256:aa sha256:bb] }'); // the empty BaseLayer still takes its slot
    expect(run('{{.Size}} {{.Big}} {{.Tty}}')).toBe('26348273 9007199254740991 false');
    expect(run('{{.Health}}')).toBe('{[CMD true] 1m30s}'); // a pointer is dereferenced, Duration prints by String()
    expect(run('{{.When}}')).toBe('2024-09-26 21:31:42.5 +0000 UTC');
    expect(run('{{.Any}}')).toBe('map[list:[true <nil> x] n:1]');
    expect(run('{{.Labels.missing}}')).toBe('<no value>');
    expect(raw('{{.Empty}}')).toBe('<no value>'); // JSON null in an interface{}
    expect(run('{{1.5}} {{1e6}} {{0x1F}} {{true}} {{"s"}} {{`raw\\n`}}')).toBe('1.5 1e+06 31 true s raw\\n');
  });

  it('keeps text outside actions, drops comments and trims around {{- and -}}', () => {
    expect(run('a {{/* note */}}b')).toBe('a b');
    expect(run('x  \n {{- .Size -}} \n  y')).toBe('x26348273y');
    expect(run('{{.Size}} - {{- /* c */ -}} z')).toBe('26348273 -z');
    expect(run('{{.Size}} -3')).toBe('26348273 -3');
  });
});

describe('Go template control structures', () => {
  it('range over slices, maps (sorted keys) and with $k, $v; else for empty', () => {
    expect(run('{{range .Tags}}<{{.}}>{{end}}')).toBe('<redis:latest><redis:7>');
    expect(run('{{range $i, $t := .Tags}}{{$i}}={{$t}} {{end}}')).toBe('0=redis:latest 1=redis:7 ');
    expect(run('{{range $k, $v := .Labels}}{{$k}}:{{$v}};{{end}}')).toBe('a:1;b:2;org.opencontainers.image.title:redis;');
    expect(run('{{range .Empty}}x{{else}}none{{end}}')).toBe('none');
    expect(run('{{range .Tags}}{{if eq . "redis:7"}}{{break}}{{end}}{{.}} {{end}}')).toBe('redis:latest ');
    expect(run('{{range .Tags}}{{if eq . "redis:latest"}}{{continue}}{{end}}{{.}}{{end}}')).toBe('redis:7');
    expect(run('{{range $x := .Root.Layers}}{{$x}}{{$.Root.Type}}{{end}}')).toBe('sha256:aalayerssha256:bblayers');
  });

  it('if / else if / else, with, and Go truthiness', () => {
    expect(run('{{if .Tty}}t{{else if .Empty}}e{{else if .Tags}}tags{{else}}none{{end}}')).toBe('tags');
    expect(run('{{if .NoHealth}}y{{else}}n{{end}}{{if .Root}}y{{end}}{{if .Size}}y{{end}}{{if ""}}y{{else}}n{{end}}')).toBe('nyyn');
    expect(run('{{with .Health}}{{.Interval}}{{end}}{{with .NoHealth}}x{{else}}-{{end}}')).toBe('1m30s-');
    expect(run('{{if and .Tags (not .Tty)}}ok{{end}} {{or .Empty .Size}} {{and .Size .Tty}}')).toBe('ok 26348273 false');
    expect(run('{{if lt .Size 100}}small{{else}}big{{end}} {{ne .Root.Type "x"}} {{eq .Size 1 26348273}}')).toBe('big true true');
  });

  it('variables: declaration, assignment, $ as the data, scoped to their block', () => {
    expect(run('{{$t := .Root.Type}}{{$t}}{{$t = "x"}}{{$t}}')).toBe('layersx');
    expect(run('{{$n := len .Tags}}{{$n}}')).toBe('2');
    expect(parseError('{{if .Tty}}{{$x := 1}}{{end}}{{$x}}')).toBe('template: :1: undefined variable "$x"');
  });
});

describe('Go template functions (text/template builtins and docker/cli templates.go)', () => {
  it('json, join, split, index, len, upper, lower, title, truncate, pad', () => {
    expect(run('{{json .Root}}')).toBe('{"Type":"layers","Layers":["sha256:aa","sha256:bb"]}');
    expect(run('{{json .Empty}} {{json .Labels}}')).toBe('null {"a":"1","b":"2","org.opencontainers.image.title":"redis"}');
    expect(run('{{json "<&>"}}')).toBe('"<&>"'); // docker's json function does not escape HTML
    expect(run('{{join .Tags ","}}')).toBe('redis:latest,redis:7');
    expect(run('{{split "a:b:c" ":"}} {{index (split "a:b" ":") 1}}')).toBe('[a b c] b');
    expect(run('{{index .Labels "org.opencontainers.image.title"}}|{{index .Labels "nope"}}|{{index .Tags 1}}')).toBe('redis||redis:7');
    expect(run('{{len .Tags}} {{len .Labels}} {{len .Empty}} {{len "héllo"}}')).toBe('2 3 0 6');
    expect(run('{{upper .Root.Type}} {{lower "ABC"}} {{title "hello wide-world"}}')).toBe('LAYERS abc Hello Wide-World');
    expect(run('{{truncate .ID 12}}|{{truncate "ab" 5}}')).toBe('sha256:01234|ab');
    expect(run('[{{pad .Root.Type 1 2}}][{{pad "" 3 3}}]')).toBe('[ layers  ][]');
    expect(run('{{.Root.Type | upper | printf "%s!"}}')).toBe('LAYERS!'); // a piped value is the last argument
  });

  it('print, println and printf format as fmt does', () => {
    expect(run('{{print .Size .Size}}|{{print "a" "b"}}|{{print .Size "b"}}')).toBe('26348273 26348273|ab|26348273b');
    expect(run('{{println .Tags .Size}}')).toBe('[redis:latest redis:7] 26348273\n');
    expect(run('{{printf "%s/%d/%v/%t/%q" .Root.Type .Size .Tags .Tty .ID}}')).toBe('layers/26348273/[redis:latest redis:7]/false/"sha256:0123456789abcdef"');
    expect(run('{{printf "%-8s|%8s|%05d|%x|%.2f" "ab" "cd" 42 255 3.14159}}')).toBe('ab      |      cd|00042|ff|3.14');
    expect(run('{{printf "%d" "x"}} {{printf "%s"}} {{printf "%s" "a" "b"}}')).toBe('%!d(string=x) %!s(MISSING) a%!(EXTRA string=b)');
  });
});

describe('Go template errors read as Go prints them', () => {
  it('parse errors', () => {
    expect(parseError('{{foo}}')).toBe('template: :1: function "foo" not defined');
    expect(parseError('{{.Id')).toBe('template: :1: unclosed action');
    expect(parseError('{{if .Tty}}x')).toBe('template: :1: unexpected EOF');
    expect(parseError('x\n{{end}}')).toBe('template: :2: unexpected {{end}}');
    expect(parseError('{{}}')).toBe('template: :1: missing value for command');
    expect(parseError('{{$nope}}')).toBe('template: :1: undefined variable "$nope"');
  });

  it('execution errors name line, column and the node', () => {
    expect(execError(() => raw('{{.Nope}}'))).toBe('template: :1:2: executing "" at <.Nope>: map has no entry for key "Nope"');
    expect(execError(() => raw('ab\n {{.Root.Nope}}'))).toBe('template: :2:8: executing "" at <.Root.Nope>: map has no entry for key "Nope"'); // column 8: bytes after the newline
    expect(execError(() => run('{{.Nope}}'))).toBe('template: :1:2: executing "" at <.Nope>: can\'t evaluate field Nope in type types.Sample');
    expect(execError(() => run('{{.NoHealth.Test}}'))).toBe('template: :1:11: executing "" at <.NoHealth.Test>: nil pointer evaluating *container.HealthConfig.Test');
    expect(execError(() => run('{{index .Tags 5}}'))).toBe('template: :1:2: executing "" at <index .Tags 5>: error calling index: index out of range: 5');
    expect(execError(() => run('{{join .Tags}}'))).toBe('template: :1:2: executing "" at <join>: wrong number of args for join: want 2 got 1');
    // The piped value goes last, so join receives (", ", .Tags): Go rejects it the same way.
    expect(execError(() => run('{{.Tags | join ", "}}'))).toBe('template: :1:15: executing "" at <", ">: can\'t handle ", " for arg of type []string');
    expect(execError(() => run('{{truncate .ID "3"}}'))).toBe('template: :1:15: executing "" at <"3">: expected integer; found "3"');
    expect(execError(() => raw('{{join .Tags ","}}'))).toBe('template: :1:7: executing "" at <.Tags>: wrong type for value; expected []string; got []interface {}');
  });
});
