/** Root mutations. Thin: each one checks its arguments and calls a service. */
import { Arg, ID, Mutation, Resolver } from 'type-graphql';
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
    @Arg('productId', () => ID) _productId: string,
    @Arg('properties', () => [CustomPropertyInput]) _properties: CustomPropertyInput[],
  ): CustomPropertiesPayload {
    throw notImplemented('addCustomProperties');
  }

  @Mutation(() => CustomPropertiesPayload, { description: 'Renames a custom property and/or changes its value.' })
  updateCustomProperty(
    @Arg('productId', () => ID) _productId: string,
    @Arg('name', () => String) _name: string,
    @Arg('newName', () => String, { nullable: true }) _newName: string | null,
    @Arg('value', () => String, { nullable: true }) _value: string | null,
  ): CustomPropertiesPayload {
    throw notImplemented('updateCustomProperty');
  }

  @Mutation(() => CustomPropertiesPayload, { description: 'Deletes custom properties by name.' })
  deleteCustomProperties(
    @Arg('productId', () => ID) _productId: string,
    @Arg('names', () => [String]) _names: string[],
  ): CustomPropertiesPayload {
    throw notImplemented('deleteCustomProperties');
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
