/** Root mutations. Thin: each one checks its arguments and calls a service. */
import { Arg, Ctx, ID, Mutation, Resolver } from 'type-graphql';
import type { GatewayContext } from '../context.js';
import type { ProductStatus as StatusValue } from '../platforms/statuses.js';
import { ProductStatus } from '../schema/enums.js';
import { BatchUpdateInput, CustomPropertyInput, ProductCharacteristicsInput } from '../schema/inputs.js';
import { AccountSync } from '../schema/inventory.js';
import { Monitor } from '../schema/monitor.js';
import { CustomPropertiesPayload, ProductUpdatePayload } from '../schema/payloads.js';

@Resolver()
export class MutationResolver {
  @Mutation(() => ProductUpdatePayload, { description: "Changes a SIM card's status; SYNC or ASYNC as the platform works." })
  updateSimCardStatus(
    @Arg('productId', () => ID) productId: string,
    @Arg('status', () => ProductStatus) status: StatusValue,
    @Arg('idempotencyKey', () => String, { nullable: true }) key: string | null,
    @Ctx() ctx: GatewayContext,
  ): Promise<ProductUpdatePayload> {
    return ctx.services.changes.updateSimCardStatus(productId, status, key) as Promise<ProductUpdatePayload>;
  }

  @Mutation(() => ProductUpdatePayload, { description: "Changes a satellite terminal's status (INTELSAT: ACTIVE ↔ SUSPENDED)." })
  updateTerminalStatus(
    @Arg('productId', () => ID) productId: string,
    @Arg('status', () => ProductStatus) status: StatusValue,
    @Arg('idempotencyKey', () => String, { nullable: true }) key: string | null,
    @Ctx() ctx: GatewayContext,
  ): Promise<ProductUpdatePayload> {
    return ctx.services.changes.updateTerminalStatus(productId, status, key) as Promise<ProductUpdatePayload>;
  }

  @Mutation(() => ProductUpdatePayload, { description: 'Changes product offering, related party or SIM profile (TMSP).' })
  updateProductCharacteristics(
    @Arg('productId', () => ID) productId: string,
    @Arg('input', () => ProductCharacteristicsInput) input: ProductCharacteristicsInput,
    @Arg('idempotencyKey', () => String, { nullable: true }) key: string | null,
    @Ctx() ctx: GatewayContext,
  ): Promise<ProductUpdatePayload> {
    return ctx.services.changes.updateCharacteristics(productId, input, key) as Promise<ProductUpdatePayload>;
  }

  @Mutation(() => CustomPropertiesPayload, { description: 'Adds custom properties to a product (names unique per product).' })
  addCustomProperties(
    @Arg('productId', () => ID) productId: string,
    @Arg('properties', () => [CustomPropertyInput]) properties: CustomPropertyInput[],
    @Ctx() ctx: GatewayContext,
  ): Promise<CustomPropertiesPayload> {
    return ctx.services.customProperties.add(productId, properties) as Promise<CustomPropertiesPayload>;
  }

  @Mutation(() => CustomPropertiesPayload, { description: 'Renames a custom property and/or changes its value.' })
  updateCustomProperty(
    @Arg('productId', () => ID) productId: string,
    @Arg('name', () => String) name: string,
    @Arg('newName', () => String, { nullable: true }) newName: string | null,
    @Arg('value', () => String, { nullable: true }) value: string | null,
    @Ctx() ctx: GatewayContext,
  ): Promise<CustomPropertiesPayload> {
    return ctx.services.customProperties.update(productId, name, newName, value) as Promise<CustomPropertiesPayload>;
  }

  @Mutation(() => CustomPropertiesPayload, { description: 'Deletes custom properties by name.' })
  deleteCustomProperties(
    @Arg('productId', () => ID) productId: string,
    @Arg('names', () => [String]) names: string[],
    @Ctx() ctx: GatewayContext,
  ): Promise<CustomPropertiesPayload> {
    return ctx.services.customProperties.remove(productId, names) as Promise<CustomPropertiesPayload>;
  }

  @Mutation(() => Monitor, { description: 'Applies one change to 1..1000 products; always answered with a monitor.' })
  batchUpdate(
    @Arg('input', () => BatchUpdateInput) input: BatchUpdateInput,
    @Arg('idempotencyKey', () => String, { nullable: true }) key: string | null,
    @Ctx() ctx: GatewayContext,
  ): Promise<Monitor> {
    return ctx.services.changes.batchUpdate(input, key) as Promise<Monitor>;
  }

  @Mutation(() => Monitor, { description: 'Cancels an operation the platform has not processed yet (TMSP).' })
  cancelMonitor(@Arg('id', () => ID) id: string, @Ctx() ctx: GatewayContext): Promise<Monitor> {
    return ctx.services.monitors.cancel(id) as Promise<Monitor>;
  }

  @Mutation(() => [AccountSync], {
    description:
      "Asks for an inventory sync of these accounts now (all of the tenant's when omitted) and returns at once with their sync state; the work runs in the background. Needs a read/write application.",
  })
  syncInventory(
    @Arg('accountIds', () => [String], { nullable: true, description: 'Platform account ids (RelatedParty ids); all when omitted.' }) accountIds: string[] | null,
    @Arg('full', () => Boolean, { nullable: true, defaultValue: false, description: 'true: list every product again (finds products that appeared or vanished); false: an incremental pass where the platform has one.' }) full: boolean,
    @Ctx() ctx: GatewayContext,
  ): Promise<AccountSync[]> {
    return ctx.services.inventory.request(accountIds, full ?? false) as Promise<AccountSync[]>;
  }
}
