/** Root mutations. Thin: each one checks its arguments and calls a service. */
import { Arg, Ctx, ID, Mutation, Resolver } from 'type-graphql';
import type { GatewayContext } from '../context.js';
import type { ProductStatus as StatusValue } from '../domain/vocabulary.js';
import { ProductStatus } from '../schema/enums.js';
import { BatchUpdateInput, CustomPropertyInput, ProductCharacteristicsInput } from '../schema/inputs.js';
import { AccountSync } from '../schema/inventory.js';
import { Monitor } from '../schema/monitor.js';
import { MAX_BATCH } from '../services/changes.js';
import { LIMITS } from '../services/custom-properties.js';
import { CustomPropertiesPayload, ProductUpdatePayload } from '../schema/payloads.js';

/** The idempotency contract of src/store/idempotency.ts and ChangeService.idempotent, for clients. */
const IDEMPOTENCY_KEY =
  "Optional. 1 to 255 characters the client chooses (a UUID is a good key). The first request with a key runs; repeating it with the same key and the same arguments changes nothing again and answers the first result (SYNC: the product as it is now; ASYNC and batches: the same monitor). The same key with another mutation or other arguments fails with CONFLICT, as does a repeat while the first is still running. A request that fails before changing anything frees its key. Keys are kept per tenant in the gateway's database with no expiry, so a key is never reused for a different change.";
const PRODUCT_OR_SIM = 'The product bundle id ("{PLATFORM}-{ICCID}") or its SIM card id ("…-simCard").';
const CUSTOM_PROPERTY_TARGET = 'A product bundle id, or its SIM card or terminal id (properties belong to the bundle).';

@Resolver()
export class MutationResolver {
  @Mutation(() => ProductUpdatePayload, {
    description:
      "Changes a SIM card's status. Checked first: the platform offers it (NOT_SUPPORTED: INTELSAT, TURKCELL, GALAXY1), and the change is one of its `Backend.simStatusTransitions` from the current status (TRANSITION_NOT_ALLOWED). SYNC platforms answer with the changed product, ASYNC ones with a monitor; `mode` says which.",
  })
  updateSimCardStatus(
    @Arg('productId', () => ID, { description: PRODUCT_OR_SIM }) productId: string,
    @Arg('status', () => ProductStatus, { description: 'The status wanted, e.g. SUSPENDED or ACTIVE.' })
    status: StatusValue,
    @Arg('idempotencyKey', () => String, { nullable: true, description: IDEMPOTENCY_KEY }) key: string | null,
    @Ctx() ctx: GatewayContext,
  ): Promise<ProductUpdatePayload> {
    return ctx.services.changes.updateSimCardStatus(productId, status, key) as Promise<ProductUpdatePayload>;
  }

  @Mutation(() => ProductUpdatePayload, {
    description:
      "Changes a satellite terminal's status: INTELSAT only (ACTIVE ↔ SUSPENDED), always ASYNC with a monitor. NOT_SUPPORTED on other platforms.",
  })
  updateTerminalStatus(
    @Arg('productId', () => ID, {
      description: 'The product bundle id ("INTELSAT-{serial}") or its terminal id ("…-terminal").',
    })
    productId: string,
    @Arg('status', () => ProductStatus, { description: 'The status wanted: ACTIVE or SUSPENDED.' }) status: StatusValue,
    @Arg('idempotencyKey', () => String, { nullable: true, description: IDEMPOTENCY_KEY }) key: string | null,
    @Ctx() ctx: GatewayContext,
  ): Promise<ProductUpdatePayload> {
    return ctx.services.changes.updateTerminalStatus(productId, status, key) as Promise<ProductUpdatePayload>;
  }

  @Mutation(() => ProductUpdatePayload, {
    description:
      'Changes product offering, related party or SIM profile: TMSP only (NOT_SUPPORTED elsewhere), ASYNC with a monitor that can be cancelled until TMSP runs it.',
  })
  updateProductCharacteristics(
    @Arg('productId', () => ID, { description: PRODUCT_OR_SIM }) productId: string,
    @Arg('input', () => ProductCharacteristicsInput, { description: 'What to change; give at least one field.' })
    input: ProductCharacteristicsInput,
    @Arg('idempotencyKey', () => String, { nullable: true, description: IDEMPOTENCY_KEY }) key: string | null,
    @Ctx() ctx: GatewayContext,
  ): Promise<ProductUpdatePayload> {
    return ctx.services.changes.updateCharacteristics(productId, input, key) as Promise<ProductUpdatePayload>;
  }

  @Mutation(() => CustomPropertiesPayload, {
    description: `Adds custom properties to a product, on every platform: stored by the gateway, never sent to the platform. Names are unique per product (an existing name is BAD_USER_INPUT: use updateCustomProperty); at most ${LIMITS.perProduct} properties per product. All or nothing.`,
  })
  addCustomProperties(
    @Arg('productId', () => ID, { description: CUSTOM_PROPERTY_TARGET }) productId: string,
    @Arg('properties', () => [CustomPropertyInput], { description: 'At least one property, names not repeated.' })
    properties: CustomPropertyInput[],
    @Ctx() ctx: GatewayContext,
  ): Promise<CustomPropertiesPayload> {
    return ctx.services.customProperties.add(productId, properties) as Promise<CustomPropertiesPayload>;
  }

  @Mutation(() => CustomPropertiesPayload, {
    description:
      'Renames a custom property and/or changes its value (give `newName`, `value` or both). NOT_FOUND when the product has no property of that name.',
  })
  updateCustomProperty(
    @Arg('productId', () => ID, { description: CUSTOM_PROPERTY_TARGET }) productId: string,
    @Arg('name', () => String, { description: 'The current name of the property.' }) name: string,
    @Arg('newName', () => String, {
      nullable: true,
      description: `The new name, 1 to ${LIMITS.nameLength} characters, not used by another property of the product; omitted: unchanged.`,
    })
    newName: string | null,
    @Arg('value', () => String, {
      nullable: true,
      description: `The new value, 0 to ${LIMITS.valueLength} characters; omitted: unchanged.`,
    })
    value: string | null,
    @Ctx() ctx: GatewayContext,
  ): Promise<CustomPropertiesPayload> {
    return ctx.services.customProperties.update(productId, name, newName, value) as Promise<CustomPropertiesPayload>;
  }

  @Mutation(() => CustomPropertiesPayload, {
    description:
      'Deletes custom properties by name, all or nothing: if one name does not exist, NOT_FOUND and nothing is deleted.',
  })
  deleteCustomProperties(
    @Arg('productId', () => ID, { description: CUSTOM_PROPERTY_TARGET }) productId: string,
    @Arg('names', () => [String], { description: 'At least one property name.' }) names: string[],
    @Ctx() ctx: GatewayContext,
  ): Promise<CustomPropertiesPayload> {
    return ctx.services.customProperties.remove(productId, names) as Promise<CustomPropertiesPayload>;
  }

  @Mutation(() => Monitor, {
    description: `Applies one change to 1..${MAX_BATCH} products of any platforms; answered at once with a monitor holding one response per product. Each product succeeds or fails on its own (its platform's capability and transitions are checked per product), so the monitor can end PARTIALLY_FAILED.`,
  })
  batchUpdate(
    @Arg('input', () => BatchUpdateInput, { description: 'The products and the change.' }) input: BatchUpdateInput,
    @Arg('idempotencyKey', () => String, { nullable: true, description: IDEMPOTENCY_KEY }) key: string | null,
    @Ctx() ctx: GatewayContext,
  ): Promise<Monitor> {
    return ctx.services.changes.batchUpdate(input, key) as Promise<Monitor>;
  }

  @Mutation(() => Monitor, {
    description:
      'Cancels an operation the platform has not processed yet (TMSP; see `Monitor.cancellable`). NOT_SUPPORTED for other platforms, BAD_USER_INPUT when the monitor has finished or the platform has started it.',
  })
  cancelMonitor(
    @Arg('id', () => ID, { description: 'The monitor id: "monitor-{uuid}".' }) id: string,
    @Ctx() ctx: GatewayContext,
  ): Promise<Monitor> {
    return ctx.services.monitors.cancel(id) as Promise<Monitor>;
  }

  @Mutation(() => [AccountSync], {
    description:
      "Asks for an inventory sync of these accounts now (all of the tenant's when omitted) and returns at once with their sync state; the work runs in the background. Needs a read/write application.",
  })
  syncInventory(
    @Arg('accountIds', () => [String], {
      nullable: true,
      description: 'Platform account ids (RelatedParty ids); all when omitted.',
    })
    accountIds: string[] | null,
    @Arg('full', () => Boolean, {
      nullable: true,
      defaultValue: false,
      description:
        'true: list every product again (finds products that appeared or vanished); false: an incremental pass where the platform has one.',
    })
    full: boolean,
    @Ctx() ctx: GatewayContext,
  ): Promise<AccountSync[]> {
    return ctx.services.inventory.request(accountIds, full ?? false) as Promise<AccountSync[]>;
  }
}
