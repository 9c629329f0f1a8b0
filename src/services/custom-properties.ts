/**
 * Custom properties for one request: read in batches (one query for a page of products), changed atomically per
 * product with clear errors for bad names, duplicates, missing names and limits. Properties belong to the product
 * bundle; a SIM card or terminal id addresses its bundle's properties.
 */
import DataLoader from 'dataloader';
import { badInput, notFound } from '../domain/errors.js';
import { formatProductId, parseProductId } from '../domain/ids.js';
import type { AuditStore } from '../store/audit.js';
import type { CustomPropertyRow, CustomPropertyStore } from '../store/custom-properties.js';

export const LIMITS = { nameLength: 64, valueLength: 1024, perProduct: 50 } as const;
const NAME = /^[^\u0000-\u001f\u007f]+$/;

export interface CustomPropertyDeps {
  customProperties: CustomPropertyStore;
  audit: AuditStore;
}

export class CustomPropertyService {
  private readonly loader: DataLoader<string, CustomPropertyRow[]>;

  constructor(
    private readonly deps: CustomPropertyDeps,
    private readonly tenantId: string,
    private readonly applicationId: string | null,
    /** Confirms the product exists in the tenant's accounts (a backend read); throws NOT_FOUND otherwise. */
    private readonly requireProduct: (bundleId: string) => Promise<void>,
  ) {
    this.loader = new DataLoader(async (ids) => {
      const map = await deps.customProperties.forProducts(tenantId, ids);
      return ids.map((id) => map.get(id) ?? []);
    });
  }

  /** The bundle id a product, SIM card or terminal id belongs to (strictly parsed). */
  static bundleIdOf(id: string): string {
    const parsed = parseProductId(id);
    if (parsed.sub && parsed.sub !== 'simCard' && parsed.sub !== 'terminal') {
      throw badInput(`Custom properties belong to products, SIM cards and terminals, not to "${id}"`, {
        field: 'productId',
      });
    }
    return formatProductId(parsed);
  }

  async get(productId: string, names?: readonly string[] | null): Promise<CustomPropertyRow[]> {
    const all = await this.loader.load(CustomPropertyService.bundleIdOf(productId));
    return names?.length ? all.filter((p) => names.includes(p.name)) : all;
  }

  async add(
    productId: string,
    props: readonly CustomPropertyRow[],
  ): Promise<{ productId: string; customProperties: CustomPropertyRow[] }> {
    const bundleId = CustomPropertyService.bundleIdOf(productId);
    if (!props.length) throw badInput('Give at least one property to add', { field: 'properties' });
    props.forEach((p, i) => checkProperty(p, `properties[${i}]`));
    const duplicates = props.map((p) => p.name).filter((n, i, all) => all.indexOf(n) !== i);
    if (duplicates.length)
      throw badInput(`Property names must be unique; repeated: ${[...new Set(duplicates)].join(', ')}`, {
        field: 'properties',
      });
    await this.requireProduct(bundleId);
    return this.change(bundleId, 'ADD_CUSTOM_PROPERTIES', { properties: props }, async (tx, current) => {
      const existing = props.filter((p) => current.some((c) => c.name === p.name)).map((p) => p.name);
      if (existing.length)
        throw badInput(`Properties already exist: ${existing.join(', ')} (use updateCustomProperty to change them)`, {
          field: 'properties',
          names: existing,
        });
      if (current.length + props.length > LIMITS.perProduct)
        throw badInput(`A product may carry at most ${LIMITS.perProduct} custom properties (has ${current.length})`, {
          field: 'properties',
        });
      await this.deps.customProperties.insert(tx, this.tenantId, bundleId, props);
    });
  }

  async update(productId: string, name: string, newName: string | null | undefined, value: string | null | undefined) {
    const bundleId = CustomPropertyService.bundleIdOf(productId);
    if (newName == null && value == null) throw badInput('Give newName, value or both', { field: 'newName' });
    checkProperty({ name: newName ?? name, value: value ?? '' }, 'property');
    await this.requireProduct(bundleId);
    return this.change(bundleId, 'UPDATE_CUSTOM_PROPERTY', { name, newName, value }, async (tx, current) => {
      const found = current.find((c) => c.name === name);
      if (!found) throw notFound(`Product ${bundleId} has no custom property "${name}"`, { field: 'name' });
      if (newName != null && newName !== name && current.some((c) => c.name === newName)) {
        throw badInput(`Product ${bundleId} already has a custom property "${newName}"`, { field: 'newName' });
      }
      await this.deps.customProperties.rename(tx, this.tenantId, bundleId, name, newName ?? name, value ?? found.value);
    });
  }

  async remove(productId: string, names: readonly string[]) {
    const bundleId = CustomPropertyService.bundleIdOf(productId);
    if (!names.length) throw badInput('Give at least one name to delete', { field: 'names' });
    await this.requireProduct(bundleId);
    return this.change(bundleId, 'DELETE_CUSTOM_PROPERTIES', { names }, async (tx, current) => {
      const missing = names.filter((n) => !current.some((c) => c.name === n));
      if (missing.length)
        throw notFound(
          `Product ${bundleId} has no custom properties named ${missing.join(', ')}; nothing was deleted`,
          { field: 'names', names: missing },
        );
      await this.deps.customProperties.remove(tx, this.tenantId, bundleId, names);
    });
  }

  /** Sets properties without the existence check (batch updates, where the products were checked already). */
  async upsertMany(bundleIds: readonly string[], props: readonly CustomPropertyRow[]): Promise<void> {
    props.forEach((p, i) => checkProperty(p, `customProperties[${i}]`));
    for (const bundleId of bundleIds) {
      await this.deps.customProperties.locked(this.tenantId, bundleId, async (tx, current) => {
        const added = props.filter((p) => !current.some((c) => c.name === p.name)).length;
        if (current.length + added > LIMITS.perProduct)
          throw badInput(`A product may carry at most ${LIMITS.perProduct} custom properties`);
        await this.deps.customProperties.upsert(tx, this.tenantId, bundleId, props);
      });
      this.loader.clear(bundleId);
    }
  }

  private async change(
    bundleId: string,
    action: string,
    request: unknown,
    apply: (
      tx: Parameters<Parameters<CustomPropertyStore['locked']>[2]>[0],
      current: CustomPropertyRow[],
    ) => Promise<void>,
  ) {
    const result = await this.deps.customProperties.locked(this.tenantId, bundleId, async (tx, current) => {
      await apply(tx, current);
      const after = await this.deps.customProperties.list(this.tenantId, bundleId, tx);
      await this.deps.audit.record(
        {
          tenantId: this.tenantId,
          applicationId: this.applicationId,
          action,
          target: bundleId,
          request,
          result: { customProperties: after },
        },
        tx,
      );
      return after;
    });
    this.loader.clear(bundleId).prime(bundleId, result);
    return { productId: bundleId, customProperties: result };
  }
}

/** Refuses a name or value over the limits (also used for the `customProperty` list filter). */
export function checkProperty(p: CustomPropertyRow, field: string): void {
  if (p.name.length < 1 || p.name.length > LIMITS.nameLength || !NAME.test(p.name) || p.name.trim() !== p.name) {
    throw badInput(
      `${field}: name must be 1 to ${LIMITS.nameLength} characters, without control characters or surrounding spaces`,
      { field },
    );
  }
  if (p.value.length > LIMITS.valueLength || /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/.test(p.value)) {
    throw badInput(`${field}: value must be at most ${LIMITS.valueLength} characters, without control characters`, {
      field,
    });
  }
}
