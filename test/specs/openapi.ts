/**
 * Validating recorded HTTP exchanges against carrier OpenAPI 3.0 documents with ajv (+ ajv-formats), for the spec
 * tests in this folder.
 *
 * - `SpecSet.load(dir, files)` reads each document (YAML or JSON) and mounts it at the path of its first server URL
 *   (e.g. Cisco's `/rws/api`, Aeris search's `/iot/api/subscriptions`).
 * - `match(method, path)` finds the documented operation: the first document (in the order given) whose mount
 *   prefix and path template fit; among templates of one document the most literal wins (`/v1/sims/simTransfer`
 *   before `/v1/sims/{iccid}`).
 * - `validate(exchange)` checks the request — path parameters, every query parameter documented and valid, required
 *   ones present, the JSON or form body against the requestBody schema — and the response: a documented status and
 *   the body against that response's JSON schema. It answers the problems found (empty: conforms) and whether a
 *   response schema existed to validate against (Cisco publishes none for some calls).
 *
 * OpenAPI 3.0 schemas become JSON Schema: `nullable: true` becomes a type union (the nulls the carriers document
 * are allowed, undocumented nulls are not), component references point into per-document definitions, boolean
 * exclusive bounds become numbers, annotations ajv does not know are dropped.
 */
import { Ajv, type ValidateFunction } from 'ajv';
import formatsModule from 'ajv-formats';
import { parse as parseYaml } from 'yaml';
import { readSpec } from '../helpers/specs.js';
import type { Exchange } from './proxy.js';

type JsonObject = { [key: string]: unknown };
const obj = (v: unknown): JsonObject => (v && typeof v === 'object' && !Array.isArray(v) ? (v as JsonObject) : {});
const _METHODS = ['get', 'put', 'post', 'delete', 'patch'];

export interface SpecDoc {
  /** The file name, also the ajv id of its schemas. */
  file: string;
  mount: string;
  doc: JsonObject;
}

export interface MatchedOperation {
  spec: SpecDoc;
  method: string;
  template: string;
  /** `METHOD template` as the document writes it, e.g. "GET /v{apiVersion}/devices/{iccid}". */
  name: string;
  operation: JsonObject;
  pathParams: Record<string, string>;
}

export interface Validation {
  operation: MatchedOperation | null;
  problems: string[];
  /** True when the body was checked: against the status's JSON schema, or found empty where none is documented. */
  responseSchema: boolean;
}

function toJsonSchema(node: unknown, id: string): unknown {
  if (Array.isArray(node)) return node.map((n) => toJsonSchema(n, id));
  if (!node || typeof node !== 'object') return node;
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(node as JsonObject)) {
    if (['example', 'examples', 'deprecated', 'xml', 'externalDocs', 'discriminator'].includes(k) || k.startsWith('x-'))
      continue;
    out[k] =
      k === '$ref' && typeof v === 'string'
        ? v.replace('#/components/schemas/', `${id}#/definitions/`)
        : toJsonSchema(v, id);
  }
  for (const [flag, bound] of [
    ['exclusiveMinimum', 'minimum'],
    ['exclusiveMaximum', 'maximum'],
  ] as const) {
    if (out[flag] === true) {
      out[flag] = out[bound];
      delete out[bound];
    } else if (out[flag] === false) delete out[flag];
  }
  const nullable = out.nullable === true;
  delete out.nullable;
  if (nullable) {
    if (typeof out.type === 'string') out.type = [out.type, 'null'];
    else if (!out.type) return { anyOf: [{ type: 'null' }, out] };
    if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
  }
  return out;
}

export interface LoadOptions {
  /** Per component schema, properties the carrier documents as possibly null where the file forgot `nullable`. */
  documentedNulls?: Record<string, string[]>;
  /**
   * What a response documented without content means: `empty` (an official specification: the body must be empty,
   * checked) or `unknown` (a community one that simply did not write the schema down: not checked).
   */
  contentless?: 'empty' | 'unknown';
}

export class SpecSet {
  private readonly ajv = new Ajv({ strict: false, allErrors: true });
  private readonly compiled = new Map<unknown, ValidateFunction>();

  private constructor(
    readonly docs: SpecDoc[],
    private readonly contentless: 'empty' | 'unknown',
  ) {
    // ajv-formats is CommonJS: under Node's ESM interop its plugin is the module's default export.
    const addFormats = ((formatsModule as unknown as { default?: unknown }).default ?? formatsModule) as (
      a: Ajv,
    ) => void;
    addFormats(this.ajv);
    for (const d of docs)
      this.ajv.addSchema({
        $id: d.file,
        definitions: toJsonSchema(obj(obj(d.doc.components).schemas), d.file) as JsonObject,
      });
  }

  /**
   * Loads the documents. `documentedNulls` names, per component schema, properties the carrier documents as possibly
   * null where the specification file forgot `nullable` (each use says where the carrier documents it).
   */
  static load(dir: string, files: string[], options: LoadOptions = {}): SpecSet {
    const documentedNulls = options.documentedNulls ?? {};
    return new SpecSet(
      files.map((file) => {
        const text = readSpec(dir, file);
        const doc = obj(file.endsWith('.json') ? JSON.parse(text) : parseYaml(text));
        const schemas = obj(obj(doc.components).schemas);
        for (const [name, props] of Object.entries(documentedNulls)) {
          for (const prop of props) {
            const target = obj(obj(obj(schemas[name]).properties)[prop]);
            if (Object.keys(target).length === 0)
              throw new Error(`${file}: ${name}.${prop} is not in the specification`);
            target.nullable = true;
          }
        }
        const server = String(obj((doc.servers as unknown[] | undefined)?.[0]).url ?? '/');
        const mount = new URL(server, 'http://mount').pathname.replace(/\/$/, '');
        return { file, mount, doc };
      }),
      options.contentless ?? 'empty',
    );
  }

  /** Follows a `#/components/…` reference of a non-schema object (parameter, requestBody, response). */
  private deref(spec: SpecDoc, node: unknown): JsonObject {
    let n = obj(node);
    for (let i = 0; i < 5 && typeof n.$ref === 'string' && n.$ref.startsWith('#/components/'); i++) {
      const [, , kind, name] = n.$ref.split('/');
      n = obj(obj(obj(spec.doc.components)[kind!])[name!]);
    }
    return n;
  }

  private schema(spec: SpecDoc, schema: unknown): ValidateFunction {
    if (!this.compiled.has(schema))
      this.compiled.set(schema, this.ajv.compile(toJsonSchema(schema, spec.file) as JsonObject));
    return this.compiled.get(schema)!;
  }

  private check(spec: SpecDoc, schema: unknown, value: unknown, what: string, problems: string[]): void {
    const validate = this.schema(spec, schema);
    if (!validate(value))
      problems.push(`${what}: ${this.ajv.errorsText(validate.errors, { dataVar: what.split(' ')[0] })}`);
  }

  match(method: string, path: string): MatchedOperation | null {
    const m = method.toLowerCase();
    for (const spec of this.docs) {
      if (!path.startsWith(`${spec.mount}/`)) continue;
      const rest = path.slice(spec.mount.length);
      const candidates = Object.entries(obj(spec.doc.paths))
        .filter(([, item]) => obj(item)[m])
        .map(([template, item]) => {
          const names: string[] = [];
          const pattern = template
            .replace(/[.*+?^$()|[\]\\]/g, '\\$&')
            .replace(/\{([^}]+)\}/g, (_, name: string) => (names.push(name), '([^/]+)'));
          return { template, item: obj(item), names, re: new RegExp(`^${pattern}$`) };
        })
        .sort((a, b) => a.names.length - b.names.length);
      for (const c of candidates) {
        const found = c.re.exec(rest);
        if (!found) continue;
        const pathParams = Object.fromEntries(c.names.map((n, i) => [n, decodeURIComponent(found[i + 1]!)]));
        return {
          spec,
          method: m,
          template: c.template,
          name: `${method.toUpperCase()} ${c.template}`,
          operation: obj(c.item[m]),
          pathParams,
        };
      }
    }
    return null;
  }

  /** A parameter value as its schema types it (query strings are text). */
  private coerce(schema: JsonObject, value: string): unknown {
    const type = schema.type;
    if ((type === 'integer' || type === 'number') && /^-?\d+(\.\d+)?$/.test(value)) return Number(value);
    if (type === 'boolean' && (value === 'true' || value === 'false')) return value === 'true';
    if (type === 'array') return value.split(',').map((v) => this.coerce(obj(schema.items), v));
    return value;
  }

  validate(x: Exchange): Validation {
    const op = this.match(x.method, x.path);
    const where = `${x.method} ${x.path}`;
    if (!op)
      return {
        operation: null,
        problems: [`${where}: no operation of ${this.docs.map((d) => d.file).join(', ')} has this method and path`],
        responseSchema: false,
      };
    const problems: string[] = [];
    const pathItem = obj(obj(op.spec.doc.paths)[op.template]);
    const params = [
      ...((pathItem.parameters as unknown[]) ?? []),
      ...((op.operation.parameters as unknown[]) ?? []),
    ].map((p) => this.deref(op.spec, p));

    // Request: path and query parameters, then the body.
    for (const p of params.filter((p) => p.in === 'path')) {
      const value = op.pathParams[String(p.name)];
      if (value !== undefined)
        this.check(
          op.spec,
          obj(p.schema),
          this.coerce(obj(p.schema), value),
          `path parameter ${String(p.name)}=${value} of ${op.name}`,
          problems,
        );
    }
    const queryParams = params.filter((p) => p.in === 'query');
    for (const name of new Set(x.query.keys())) {
      const p = queryParams.find((q) => q.name === name);
      if (!p) {
        problems.push(
          `${op.name}: query parameter ${name} is not documented (documented: ${queryParams.map((q) => q.name).join(', ') || 'none'})`,
        );
        continue;
      }
      const values = x.query.getAll(name);
      const schema = obj(p.schema);
      const value =
        schema.type === 'array' && values.length > 1
          ? values.flatMap((v) => this.coerce(schema, v) as unknown[])
          : this.coerce(schema, values[0]!);
      this.check(op.spec, schema, value, `query ${name}=${values.join(',')} of ${op.name}`, problems);
    }
    for (const p of queryParams.filter((q) => q.required === true && !x.query.has(String(q.name))))
      problems.push(`${op.name}: required query parameter ${String(p.name)} missing`);

    const requestBody = this.deref(op.spec, op.operation.requestBody);
    const contentType = String(x.requestHeaders['content-type'] ?? '')
      .split(';')[0]!
      .trim();
    if (x.requestBody.length > 0) {
      const content = obj(requestBody.content);
      const media =
        Object.keys(content).find((k) => k === contentType) ??
        (contentType.endsWith('json') ? Object.keys(content).find((k) => k.endsWith('json')) : undefined);
      if (!media)
        problems.push(
          `${op.name}: request body of type ${contentType} where the operation documents ${Object.keys(content).join(', ') || 'no body'}`,
        );
      else {
        const body =
          contentType === 'application/x-www-form-urlencoded'
            ? Object.fromEntries(new URLSearchParams(x.requestBody))
            : JSON.parse(x.requestBody);
        this.check(op.spec, obj(content[media]).schema, body, `request body of ${op.name}`, problems);
      }
    } else if (requestBody.required === true) problems.push(`${op.name}: required request body missing`);

    // Response: a documented status, and the body against its schema where one is published.
    const responses = obj(op.operation.responses);
    const documented = responses[String(x.status)] ?? responses[`${String(x.status)[0]}XX`] ?? responses.default;
    if (!documented) {
      problems.push(
        `${op.name} → ${x.status}: status not documented (documented: ${Object.keys(responses).join(', ')})`,
      );
      return { operation: op, problems, responseSchema: false };
    }
    const content = obj(this.deref(op.spec, documented).content);
    const media = Object.keys(content).find((k) => k.endsWith('json'));
    const answered = String(x.responseHeaders['content-type'] ?? '')
      .split(';')[0]!
      .trim();
    if (media && x.responseBody.length > 0 && !Object.keys(content).includes(answered)) {
      problems.push(
        `${op.name} → ${x.status}: answered as ${answered || 'no content type'} where the operation documents ${Object.keys(content).join(', ')}`,
      );
    }
    const schema = media ? obj(content[media]).schema : undefined;
    if (!schema || Object.keys(obj(schema)).length === 0) {
      if (media || this.contentless === 'unknown') return { operation: op, problems, responseSchema: false };
      if (x.responseBody.trim() !== '')
        problems.push(`${op.name} → ${x.status}: documents no body, got ${x.responseBody.slice(0, 80)}`);
      return { operation: op, problems, responseSchema: true };
    }
    let body: unknown;
    try {
      body = JSON.parse(x.responseBody);
    } catch {
      problems.push(`${op.name} → ${x.status}: response body is not JSON: ${x.responseBody.slice(0, 80)}`);
      return { operation: op, problems, responseSchema: true };
    }
    this.check(op.spec, schema, body, `response of ${op.name} → ${x.status}`, problems);
    return { operation: op, problems, responseSchema: true };
  }
}
