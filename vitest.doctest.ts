/**
 * Code blocks of the documentation as tests: every `@example` of a package's TSDoc
 * ({@link testDocExamples}) and every ```ts block of the README and the guides
 * (packages/demo/test/guides.test.ts). Each block is
 *
 * - typechecked with the compiler's strict options of `tsconfig.tests.json`, against the
 *   packages' sources (a type error in an example fails its test), and
 * - run as a module, through vitest's TypeScript transform and the workspace aliases.
 *
 * A block counts as a test only when it asserts something: a `throw` (the `if (...) throw`
 * checks that examples use), an `expect(...)` or an `assert...(...)` call. A block that only
 * runs is still typechecked and run, but its test is titled "example run (asserts nothing)" and
 * marked `meta.example`, and `npm test` reports it among the examples run, not as a test.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { beforeAll, expect, test } from 'vitest';

declare module 'vitest' {
  interface TaskMeta {
    /** True for a documentation block that runs but asserts nothing (not counted as a test). */
    example?: boolean;
  }
}

/** One block of code from the documentation. */
export interface CodeBlock {
  /** Where the block is, as shown in its test's title: `src/tensor.ts:120`, `training.md:12`. */
  readonly where: string;
  /** The file that holds the block. */
  readonly file: string;
  /** The 1-based line of that file where the block's code begins (type errors point there). */
  readonly firstLine: number;
  readonly code: string;
}

/** One `@example` code block found in a TSDoc comment. */
export interface DocExample {
  readonly file: string;
  /** The line of the `@example` tag. */
  readonly line: number;
  /** The line where the example's code begins. */
  readonly firstLine: number;
  readonly code: string;
}

function filesEndingWith(dir: string, suffix: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? filesEndingWith(join(dir, e.name), suffix)
      : e.name.endsWith(suffix)
        ? [join(dir, e.name)]
        : [],
  );
}

/** Every fenced code block that follows an `@example` tag in the package's `src/`. */
export function collectExamples(srcDir: string): DocExample[] {
  const found: DocExample[] = [];
  for (const file of filesEndingWith(srcDir, '.ts')) {
    const lines = readFileSync(file, 'utf8').split('\n');
    for (let i = 0; i < lines.length; i++) {
      if (!/^\s*\*\s*@example\b/.test(lines[i]!)) continue;
      // The example runs until the next tag or the end of the comment; a fenced block inside
      // it (```ts ... ```) is taken as is, otherwise every line is code (typedoc's convention).
      const body: string[] = [];
      let firstLine = i + 2;
      let fenced = false;
      for (let j = i + 1; j < lines.length; j++) {
        const line = lines[j]!;
        if (/\*\//.test(line) || /^\s*\*\s*@\w+/.test(line)) break;
        const text = line.replace(/^\s*\* ?/, '');
        if (/^```/.test(text)) {
          if (fenced) break;
          fenced = true;
          body.length = 0;
          firstLine = j + 2;
          continue;
        }
        body.push(text);
      }
      found.push({ file, line: i + 1, firstLine, code: body.join('\n') });
    }
  }
  return found;
}

/** Every ```ts block of the given Markdown files (and of the Markdown files under folders). */
export function collectMarkdownBlocks(paths: readonly string[], relativeTo: string): CodeBlock[] {
  const files = paths.flatMap((p) => (p.endsWith('.md') ? [p] : filesEndingWith(p, '.md')));
  return files.flatMap((file) => {
    const found: CodeBlock[] = [];
    const lines = readFileSync(file, 'utf8').split('\n');
    for (let i = 0; i < lines.length; i++) {
      if (lines[i]!.trim() !== '```ts') continue;
      const start = i + 1;
      let end = start;
      while (end < lines.length && lines[end]!.trim() !== '```') end++;
      found.push({
        where: `${relative(relativeTo, file)}:${start}`,
        file,
        firstLine: start + 1,
        code: lines.slice(start, end).join('\n'),
      });
      i = end;
    }
    return found;
  });
}

/** The name of a called function: `f(...)` → `f`, `a.b.f(...)` → `f`. */
function calleeName(call: ts.CallExpression): string {
  const callee = call.expression;
  if (ts.isIdentifier(callee)) return callee.text;
  if (ts.isPropertyAccessExpression(callee)) return callee.name.text;
  return '';
}

/**
 * Whether a block checks something: it holds a `throw` statement, or calls `expect` or an
 * `assert...` function. `console.assert` does not count: it only logs.
 */
export function blockAsserts(code: string): boolean {
  const source = ts.createSourceFile('block.ts', code, ts.ScriptTarget.ES2022, false);
  let asserts = false;
  const visit = (node: ts.Node): void => {
    if (asserts) return;
    if (ts.isThrowStatement(node)) asserts = true;
    else if (ts.isCallExpression(node)) {
      const name = calleeName(node);
      const onConsole =
        ts.isPropertyAccessExpression(node.expression) &&
        node.expression.expression.getText(source) === 'console';
      if (name === 'expect' || (/^assert/.test(name) && !onConsole)) asserts = true;
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return asserts;
}

const repositoryRoot = fileURLToPath(new URL('.', import.meta.url));

/** The compiler options of `tsconfig.tests.json`: strict, with the packages' sources as paths. */
function testCompilerOptions(): ts.CompilerOptions {
  const configFile = join(repositoryRoot, 'tsconfig.tests.json');
  const { config, error } = ts.readConfigFile(configFile, (p) => ts.sys.readFile(p));
  if (error !== undefined)
    throw new Error(ts.flattenDiagnosticMessageText(error.messageText, '\n'));
  const parsed = ts.parseJsonConfigFileContent(config, ts.sys, repositoryRoot);
  return { ...parsed.options, noEmit: true };
}

/**
 * Typechecks the given module files together (one program), with the options of
 * `tsconfig.tests.json`. Returns, per file, its errors as `line:column message` (the line of
 * the file), plus, under the key `''`, errors of the options or of no file in particular.
 */
export function typecheckFiles(files: readonly string[]): Map<string, string[]> {
  const program = ts.createProgram({ rootNames: files, options: testCompilerOptions() });
  const errors = new Map<string, string[]>();
  const general = [...program.getOptionsDiagnostics(), ...program.getGlobalDiagnostics()];
  errors.set(
    '',
    general.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n')),
  );
  for (const file of files) {
    const source = program.getSourceFile(file);
    if (source === undefined) {
      errors.set(file, ['the compiler did not read this file']);
      continue;
    }
    const diagnostics = [
      ...program.getSyntacticDiagnostics(source),
      ...program.getSemanticDiagnostics(source),
    ];
    errors.set(
      file,
      diagnostics.map((d) => {
        const { line, character } = source.getLineAndCharacterOfPosition(d.start ?? 0);
        return `${line + 1}:${character + 1} ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
      }),
    );
  }
  return errors;
}

/** A module that must not typecheck: proves that the typecheck of the blocks is really on. */
const PLANTED_TYPE_ERROR = [
  "import { tensor } from '@tensorgrad/autograd';",
  'const planted: number = tensor([1, 2]); // a Tensor is not a number',
  'export { planted };',
].join('\n');

/**
 * Registers one vitest test per block, titled `${kind} ${where}`: the block is written to
 * `outDir`, typechecked with every other block in one program (its type errors fail its test,
 * reported at the lines of the block's own file), then imported. One more test plants a type
 * error beside the blocks and expects the typecheck to report it.
 */
export function testCodeBlocks(kind: string, blocks: readonly CodeBlock[], outDir: string): void {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const written = blocks.map((block, k) => {
    const path = join(outDir, `block-${k}.ts`);
    // The block starts on the file's second line: line L of the module is block line L - 2.
    writeFileSync(path, `// from ${block.where}\n${block.code}\nexport {};\n`);
    return { block, path, asserts: blockAsserts(block.code) };
  });
  const planted = join(outDir, 'planted-type-error.ts');
  writeFileSync(planted, `${PLANTED_TYPE_ERROR}\n`);

  let errors = new Map<string, string[]>();
  beforeAll(() => {
    errors = typecheckFiles([...written.map((w) => w.path), planted]);
  }, 300_000);

  test(`${kind}: the typecheck is on (a planted type error is reported)`, () => {
    expect(errors.get('')).toEqual([]);
    expect(errors.get(planted)).toEqual([
      expect.stringMatching(/^2:7 Type 'Tensor' is not assignable to type 'number'/),
    ]);
  });

  for (const { block, path, asserts } of written) {
    const title = asserts
      ? `${kind} ${block.where}`
      : `example run (asserts nothing): ${kind} ${block.where}`;
    test(title, async ({ task }) => {
      if (!asserts) task.meta.example = true;
      expect(errors.has(path), `${path} was typechecked`).toBe(true);
      const typeErrors = errors.get(path)!.map((e) => {
        const [, line, rest] = /^(\d+):(.*)$/s.exec(e)!;
        const at = block.firstLine + Number(line) - 2;
        return `${relative(repositoryRoot, block.file)}:${at}:${rest}`;
      });
      expect(typeErrors.join('\n'), `type errors in ${kind} ${block.where}`).toBe('');
      await import(/* @vite-ignore */ path);
    });
  }
}

/**
 * Registers one vitest test per `@example` of a package (see {@link testCodeBlocks}), written
 * under the package's `test/.examples/`. Examples state what they show with plain checks,
 * `if (...) throw new Error(...)`.
 */
export function testDocExamples(packageDir: URL): void {
  const root = fileURLToPath(packageDir);
  const examples = collectExamples(join(root, 'src'));
  test('the package has documented examples', () => {
    expect(examples.length).toBeGreaterThan(0);
  });
  testCodeBlocks(
    '@example',
    examples.map((ex) => ({
      where: `${relative(root, ex.file)}:${ex.line}`,
      file: ex.file,
      firstLine: ex.firstLine,
      code: ex.code,
    })),
    join(root, 'test', '.examples'),
  );
}
