/**
 * The deployment files, checked offline (CI has no Docker daemon and no cluster): the Dockerfile linted, compose.yaml
 * validated against the Compose schema, the Kubernetes manifests against the Kubernetes schemas — and each checked
 * for what a deployment relies on: the settings they give the gateway pass its own configuration check, the
 * replicas share what replicas must share, probes and selectors point at what exists. Each checker is also shown
 * to reject a broken variant, so that a green run means something.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { PLATFORM_SIMULATORS } from '../../sandbox/registry.js';
import {
  ROOT,
  composeSchemaProblems,
  dockerfileCmd,
  dockerfileEnv,
  interpolate,
  k8sSchemaProblems,
  lintDockerfile,
  parseCompose,
  readK8s,
} from './manifests.js';

const read = (file: string) => readFileSync(path.join(ROOT, file), 'utf8');
const dockerfile = read('Dockerfile');
const dockerignore = read('.dockerignore');
const tsconfigBuild = JSON.parse(read('tsconfig.build.json')) as { include: string[] };

/** What `docker compose up` gets from .env in this test. */
const VARS = { DEMO_CLIENT_SECRET: 'compose-demo-secret-0123', SECRETS_KEY: 'b'.repeat(64) };

/** A dist/… path of the compiled build back to its TypeScript source, which tsconfig.build.json must include. */
function sourceOf(distFile: string): string {
  return distFile.replace(/^dist\//, '').replace(/\.js$/, '.ts');
}
const built = (source: string) => tsconfigBuild.include.some((inc) => source === inc || source.startsWith(`${inc}/`));

describe('Dockerfile', () => {
  it('passes the linter and the image rules', () => {
    expect(lintDockerfile(dockerfile, dockerignore)).toEqual([]);
  });

  it('runs the compiled build, with production settings and the port it exposes', () => {
    const cmd = dockerfileCmd(dockerfile);
    expect(cmd[0]).toBe('node');
    const entry = cmd.find((a) => a.startsWith('dist/'))!;
    expect(built(sourceOf(entry))).toBe(true);
    const env = dockerfileEnv(dockerfile);
    expect(env).toMatchObject({ NODE_ENV: 'production', HOST: '0.0.0.0' });
    expect(dockerfile).toMatch(new RegExp(`^EXPOSE ${env.PORT}$`, 'm'));
    // The image's defaults alone make a valid production configuration: no GraphiQL, no introspection, no sandbox.
    expect(loadConfig(env as NodeJS.ProcessEnv)).toMatchObject({
      GRAPHIQL: false,
      INTROSPECTION: false,
      SANDBOX: 'off',
    });
  });

  it('catches the mistakes the rules are there for', () => {
    const lint = (text: string) => lintDockerfile(text, dockerignore).join('\n');
    expect(lint(dockerfile.replace(/^USER .*$/m, ''))).toMatch(/no USER/);
    expect(lint(dockerfile.replace(/^USER .*$/m, 'USER root'))).toMatch(/is root/);
    expect(lint(dockerfile.replace(/^USER .*$/m, 'USER node'))).toMatch(/numeric uid/);
    expect(lint(dockerfile.replace(/^HEALTHCHECK[^]*?\n(?=\S)/m, ''))).toMatch(/no HEALTHCHECK/);
    expect(lint(dockerfile.replace("+ '/readyz'", "+ '/'"))).toMatch(/HEALTHCHECK must probe \/readyz/);
    expect(lint(dockerfile.replace('RUN npm ci --no-audit', 'RUN npm install --no-audit'))).toMatch(/use npm ci/);
    expect(lint(dockerfile.replaceAll('--omit=dev', ''))).toMatch(/production dependencies only/);
    expect(lint(dockerfile.replace('COPY src ./src', 'COPY srcs ./src'))).toMatch(/COPY srcs: no such file/);
    expect(lint(dockerfile.replace('COPY src ./src', 'COPY test ./test'))).toMatch(
      /COPY test: excluded by .dockerignore/,
    );
    expect(lint(dockerfile.replace('node:20-bookworm-slim', 'node:latest'))).toMatch(/DL3007/);
    expect(lint(dockerfile.replace('--interval=15s', '--interval=15'))).toMatch(/line \d+: .*duration/i);
    const singleStage = `FROM node:20-slim\nWORKDIR /app\nCOPY . .\nRUN npm ci && npm run build\nUSER 1000\nHEALTHCHECK CMD node -e "fetch('http://127.0.0.1:4000/readyz')"\nCMD ["node", "dist/src/main.js"]\n`;
    expect(lint(singleStage)).toMatch(/multi-stage/);
    expect(lint(singleStage)).toMatch(/final stage: compiles/);
  });

  it('keeps local state and secrets out of the build context', () => {
    for (const p of ['node_modules', 'data', '.env', 'dist', '.git']) expect(dockerignore.split('\n')).toContain(p);
  });
});

describe('compose.yaml', () => {
  const compose = parseCompose(read('compose.yaml'));
  const gateways = Object.entries(compose.services).filter(
    ([, s]) => s.environment?.SANDBOX_MANIFEST_URL !== undefined,
  );
  const envOf = (name: string) =>
    Object.fromEntries(
      Object.entries(compose.services[name]!.environment ?? {}).map(([k, v]) => [k, interpolate(String(v), VARS)]),
    );

  it('is valid against the Compose Specification schema', () => {
    expect(composeSchemaProblems(compose)).toEqual([]);
  });

  it('the schema check rejects what docker compose would', () => {
    expect(composeSchemaProblems({ ...compose, servics: {} }).join('\n')).toMatch(/additional/i);
    const broken = structuredClone(compose);
    (broken.services.redis as Record<string, unknown>).healthcheck = { tset: ['CMD', 'true'] };
    expect(composeSchemaProblems(broken).join('\n')).toMatch(/redis\/healthcheck/);
    const badPorts = structuredClone(compose);
    (badPorts.services.proxy as Record<string, unknown>).ports = 8080;
    expect(composeSchemaProblems(badPorts).join('\n')).toMatch(/proxy\/ports/);
  });

  it('runs PostgreSQL, Redis, the sandbox as its own service and two gateway replicas behind a proxy', () => {
    expect(Object.keys(compose.services)).toEqual(expect.arrayContaining(['postgres', 'redis', 'sandbox', 'proxy']));
    expect(gateways.length).toBeGreaterThanOrEqual(2);
    expect(compose.services.sandbox!.command).toEqual(expect.arrayContaining(['dist/sandbox/main.js']));
    expect(built(sourceOf('dist/sandbox/main.js'))).toBe(true);
    for (const [, service] of [...gateways, ['sandbox', compose.services.sandbox!] as const]) {
      expect(service.build).toBe('.');
      expect(service.healthcheck?.test.join(' ')).toMatch(/readyz|admin\/manifest/);
    }
  });

  it("gives every replica a configuration the gateway accepts, pointing at the stack's own services", () => {
    const serviceNames = new Set(Object.keys(compose.services));
    const sandboxEnv = envOf('sandbox');
    for (const [name] of gateways) {
      const env = envOf(name);
      const config = loadConfig(env as NodeJS.ProcessEnv);
      expect(config).toMatchObject({ NODE_ENV: 'production', SANDBOX: 'off', HOST: '0.0.0.0' });
      expect(serviceNames.has(new URL(config.DATABASE_URL!).hostname)).toBe(true);
      expect(serviceNames.has(new URL(config.REDIS_URL!).hostname)).toBe(true);
      const manifest = new URL(config.SANDBOX_MANIFEST_URL!);
      expect(manifest.hostname).toBe('sandbox');
      expect(manifest.hostname).toBe(sandboxEnv.SANDBOX_PUBLIC_HOST);
      expect(manifest.port).toBe(sandboxEnv.SANDBOX_PORT);
      expect(manifest.pathname).toBe('/admin/manifest');
      // What replicas must share: the token issuer, the credentials key, the demo application.
      const first = envOf(gateways[0]![0]);
      for (const key of [
        'PUBLIC_URL',
        'SECRETS_KEY',
        'DATABASE_URL',
        'REDIS_URL',
        'DEMO_CLIENT_ID',
        'DEMO_CLIENT_SECRET',
      ])
        expect(env[key], `${name} ${key}`).toBe(first[key]);
    }
    const db = new URL(envOf(gateways[0]![0]).DATABASE_URL!);
    expect(envOf('postgres')).toMatchObject({
      POSTGRES_USER: db.username,
      POSTGRES_PASSWORD: db.password,
      POSTGRES_DB: db.pathname.slice(1),
    });
  });

  it('refuses to start without the demo secret and the credentials key instead of generating them per replica', () => {
    expect(
      () =>
        envOf(gateways[0]![0]) &&
        Object.values(compose.services[gateways[0]![0]]!.environment!).map((v) => interpolate(String(v), {})),
    ).toThrow(/DEMO_CLIENT_SECRET|SECRETS_KEY/);
  });

  it('starts the second replica after the first (which creates the demo tenants) and the proxy after both', () => {
    const [[first], ...rest] = gateways;
    expect(Object.keys(compose.services[first!]!.depends_on ?? {})).toEqual(
      expect.arrayContaining(['postgres', 'redis', 'sandbox']),
    );
    for (const [name, service] of rest) expect(service.depends_on?.[first!]?.condition, name).toBe('service_healthy');
    for (const [name] of gateways)
      expect(compose.services.proxy!.depends_on?.[name]?.condition).toBe('service_healthy');
  });

  it('has nginx balance over exactly the gateway replicas on their port, with WebSocket upgrades', () => {
    const mount = compose.services.proxy!.volumes!.find((v) => v.includes('nginx.conf'))!;
    const conf = read(mount.split(':')[0]!);
    const upstream = [...conf.matchAll(/^\s*server\s+([\w-]+):(\d+)/gm)].map((m) => `${m[1]}:${m[2]}`);
    expect(upstream.sort()).toEqual(gateways.map(([name]) => `${name}:${envOf(name).PORT}`).sort());
    expect(conf).toMatch(/proxy_set_header Upgrade \$http_upgrade/);
    const published = compose.services.proxy!.ports![0]!.split(':');
    expect(conf).toMatch(new RegExp(`listen ${published[1]};`));
    expect(new URL(envOf(gateways[0]![0]).PUBLIC_URL!).port).toBe(published[0]);
  });
});

describe('Kubernetes manifests', () => {
  const files = readK8s();
  const all = [...files.values()].flat();
  const find = (kind: string, name: string) => all.find((o) => o.kind === kind && o.metadata.name === name);

  it('are valid against the Kubernetes schemas', async () => {
    expect(all.length).toBeGreaterThanOrEqual(6);
    const problems = (await Promise.all(all.map(k8sSchemaProblems))).flat();
    expect(problems).toEqual([]);
  });

  it('the schema check rejects a wrongly typed field and an unknown kind', async () => {
    const deployment = structuredClone(find('Deployment', 'iot-gateway')!);
    deployment.spec.template.spec.containers[0].ports[0].containerPort = 'http';
    expect((await k8sSchemaProblems(deployment)).join('\n')).toMatch(/containerPort must be integer/);
    const pdb = structuredClone(find('PodDisruptionBudget', 'iot-gateway')!);
    delete pdb.spec.selector;
    pdb.spec.unhealthyPodEvictionPolicy = 'Sometimes';
    expect((await k8sSchemaProblems(pdb)).join('\n')).toMatch(/unhealthyPodEvictionPolicy/);
    expect(await k8sSchemaProblems({ apiVersion: 'apps/v1', kind: 'Deployement', metadata: { name: 'x' } })).toEqual([
      expect.stringMatching(/unknown apiVersion\/kind/),
    ]);
  });

  it('run the gateway with readiness on /readyz, liveness on /healthz, as non-root, covered by a PodDisruptionBudget', () => {
    const deployment = find('Deployment', 'iot-gateway')!;
    const pod = deployment.spec.template;
    const container = pod.spec.containers[0];
    const portName = container.ports[0].name;
    expect(container.readinessProbe.httpGet).toEqual({ path: '/readyz', port: portName });
    expect(container.livenessProbe.httpGet).toEqual({ path: '/healthz', port: portName });
    expect(pod.spec.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 1000 });
    expect(deployment.spec.replicas).toBeGreaterThanOrEqual(2);
    expect(deployment.spec.strategy.rollingUpdate.maxUnavailable).toBe(0);

    const matches = (selector: Record<string, string>, labels: Record<string, string>) =>
      Object.entries(selector).every(([k, v]) => labels[k] === v);
    expect(matches(deployment.spec.selector.matchLabels, pod.metadata.labels)).toBe(true);
    const pdb = find('PodDisruptionBudget', 'iot-gateway')!;
    expect(matches(pdb.spec.selector.matchLabels, pod.metadata.labels)).toBe(true);
    expect(pdb.spec.minAvailable).toBeLessThan(deployment.spec.replicas);
    const service = find('Service', 'iot-gateway')!;
    expect(matches(service.spec.selector, pod.metadata.labels)).toBe(true);
    expect(service.spec.ports.map((p: { targetPort: string }) => p.targetPort)).toContain(portName);

    // The grace period outlasts the gateway's own drain.
    const configMap = find(
      'ConfigMap',
      container.envFrom.find((e: { configMapRef?: unknown }) => e.configMapRef).configMapRef.name,
    )!;
    expect(pod.spec.terminationGracePeriodSeconds * 1000).toBeGreaterThan(
      Number(configMap.data.SHUTDOWN_GRACE_MS) + 5_000,
    );
  });

  it('give the gateway settings it accepts, from a ConfigMap and a Secret that exist', () => {
    const container = find('Deployment', 'iot-gateway')!.spec.template.spec.containers[0];
    const configMap = find(
      'ConfigMap',
      container.envFrom.find((e: { configMapRef?: unknown }) => e.configMapRef).configMapRef.name,
    )!;
    const secret = find('Secret', container.envFrom.find((e: { secretRef?: unknown }) => e.secretRef).secretRef.name)!;
    expect(secret.metadata.name).toBe('iot-gateway');
    expect(Object.keys(secret.stringData)).toEqual(
      expect.arrayContaining(['DATABASE_URL', 'REDIS_URL', 'SECRETS_KEY']),
    );
    const env = { ...configMap.data, ...secret.stringData, SECRETS_KEY: 'c'.repeat(64) }; // the example holds a placeholder
    const config = loadConfig(env as NodeJS.ProcessEnv);
    expect(config).toMatchObject({ NODE_ENV: 'production', GRAPHIQL: false, INTROSPECTION: false, SANDBOX: 'off' });
    expect(String(config.PORT)).toBe(String(container.ports[0].containerPort));
  });

  it('expose every simulator of the optional sandbox under the name its manifest gives them', () => {
    const sandbox = find('Deployment', 'iot-sandbox')!;
    const env = Object.fromEntries(
      sandbox.spec.template.spec.containers[0].env.map((e: { name: string; value: string }) => [e.name, e.value]),
    );
    const service = find('Service', env.SANDBOX_PUBLIC_HOST)!;
    const ports = service.spec.ports.map((p: { port: number }) => p.port).sort();
    const base = Number(env.SANDBOX_PORT);
    expect(ports).toEqual(Array.from({ length: PLATFORM_SIMULATORS.length + 1 }, (_, i) => base + i));
  });

  it('list only existing files in kustomization.yaml', () => {
    const kustomization = read('deploy/k8s/kustomization.yaml');
    const resources = [...kustomization.matchAll(/^\s+-\s+(\S+\.yaml)$/gm)].map((m) => m[1]!);
    expect(resources.length).toBeGreaterThan(0);
    for (const r of resources) expect(files.has(r), r).toBe(true);
  });
});
