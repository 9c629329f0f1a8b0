/**
 * The services one GraphQL request uses, bound to its tenant. Created per request (per event for subscriptions),
 * so nothing cached in them outlives the request or crosses tenants.
 */
import type { AppDeps } from '../app-deps.js';
import { notFound } from '../domain/errors.js';
import { parseIdOf } from '../domain/ids.js';
import { BackendService } from './backends.js';
import { ChangeService } from './changes.js';
import { CustomPropertyService } from './custom-properties.js';
import { MonitorService } from '../monitors/service.js';
import { InventoryService } from './inventory.js';
import { ProductService } from './products.js';
import { SubscriptionService } from './subscriptions.js';

export interface RequestServices {
  backends: BackendService;
  products: ProductService;
  customProperties: CustomPropertyService;
  monitors: MonitorService;
  changes: ChangeService;
  subscriptions: SubscriptionService;
  inventory: InventoryService;
}

export function createRequestServices(
  deps: AppDeps,
  tenantId: string,
  applicationId: string | null = null,
): RequestServices {
  const products = new ProductService(deps, tenantId);
  return {
    backends: new BackendService(deps.tenants, tenantId),
    products,
    monitors: new MonitorService(deps, tenantId),
    changes: new ChangeService(deps, tenantId, applicationId, products),
    subscriptions: new SubscriptionService(deps, tenantId),
    inventory: new InventoryService(deps, tenantId),
    customProperties: new CustomPropertyService(deps, tenantId, applicationId, async (bundleId) => {
      if (!(await products.findBundle(parseIdOf(bundleId, undefined))))
        throw notFound(`No product ${bundleId} in this tenant's accounts`, { field: 'productId' });
    }),
  };
}
