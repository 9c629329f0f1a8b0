/**
 * Relay object identification. Every product, sub-product and monitor has a globally unique id that `node(id)`
 * re-fetches; the id's shape says which type it is.
 */
import { Field, ID, InterfaceType } from 'type-graphql';
import { isMonitorId, parseProductId } from '../domain/ids.js';

const TYPE_BY_SUFFIX: Record<string, string> = {
  '': 'ProductBundle',
  simCard: 'SimCard',
  terminal: 'SatelliteTerminal',
  dataConnectivity: 'DataConnectivity',
  'usageVolume-data': 'UsageVolume',
};

/** The GraphQL type name an id belongs to. */
export function typeOfId(id: string): string {
  if (isMonitorId(id)) return 'Monitor';
  return TYPE_BY_SUFFIX[parseProductId(id).sub ?? '']!;
}

@InterfaceType('Node', {
  description:
    'Relay object identification: every product, sub-product and monitor can be re-fetched by id with `node(id)`.',
  resolveType: (value: { id: string }) => typeOfId(value.id),
})
export abstract class Node {
  @Field(() => ID, {
    description:
      'Globally unique, stable id; its shape tells the type: "{PLATFORM}-{ICCID or serial}" for a product (1NCE products: "1NCE-…"), the product id plus "-simCard", "-terminal", "-dataConnectivity" or "-usageVolume-data" for its sub-products, "monitor-{uuid}" for a monitor.',
  })
  id!: string;
}
