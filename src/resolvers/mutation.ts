/** Root mutations. Thin: each one checks its arguments and calls a service. */
import { Arg, Ctx, ID, Mutation, Resolver } from 'type-graphql';
import type { GatewayContext } from '../context.js';
import { notImplemented } from '../domain/errors.js';
import { ProductStatus } from '../schema/enums.js';
import { BatchUpdateInput, CustomPropertyInput, ProductCharacteristicsInput } from '../schema/inputs.js';
import { Monitor } from '../schema/monitor.js';
import { CustomPropertiesPayload, ProductUpdatePayload } from '../schema/payloads.js';

@Resolver()
export class MutationResolver {
  @Mutation(() => ProductUpdatePayload, { description: "Changes a SIM card's status; SYNC or ASYNC as the platform works." })
  updateSimCardStatus(
    @Arg('productId', () => ID) _productId: string,
    @Arg('status', () => ProductStatus) _status: string,
    @Arg('idempotencyKey', () => String, { nullable: true }) _key: string | null,
  ): ProductUpdatePayload {
    throw notImplemented('updateSimCardStatus');
  }

  @Mutation(() => ProductUpdatePayload, { description: "Changes a satellite terminal's status (INTELSAT: ACTIVE ↔ SUSPENDED)." })
  updateTerminalStatus(
    @Arg('productId', () => ID) _productId: string,
    @Arg('status', () => ProductStatus) _status: string,
    @Arg('idempotencyKey', () => String, { nullable: true }) _key: string | null,
  ): ProductUpdatePayload {
    throw notImplemented('updateTerminalStatus');
  }

  @Mutation(() => ProductUpdatePayload, { description: 'Changes product offering, related party or SIM profile (TMSP).' })
  updateProductCharacteristics(
    @Arg('productId', () => ID) _productId: string,
    @Arg('input', () => ProductCharacteristicsInput) _input: ProductCharacteristicsInput,
    @Arg('idempotencyKey', () => String, { nullable: true }) _key: string | null,
  ): ProductUpdatePayload {
    throw notImplemented('updateProductCharacteristics');
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
    @Arg('input', () => BatchUpdateInput) _input: BatchUpdateInput,
    @Arg('idempotencyKey', () => String, { nullable: true }) _key: string | null,
  ): Monitor {
    throw notImplemented('batchUpdate');
  }

  @Mutation(() => Monitor, { description: 'Cancels an operation the platform has not processed yet (TMSP).' })
  cancelMonitor(@Arg('id', () => ID) _id: string): Monitor {
    throw notImplemented('cancelMonitor');
  }
}
