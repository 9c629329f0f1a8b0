/**
 * The services one GraphQL request uses, bound to its tenant. Created per request (per event for subscriptions),
 * so nothing cached in them outlives the request or crosses tenants.
 */
import type { AppDeps } from '../app-deps.js';
import { BackendService } from './backends.js';
import { ProductService } from './products.js';

export interface RequestServices {
  backends: BackendService;
  products: ProductService;
}

export function createRequestServices(deps: AppDeps, tenantId: string): RequestServices {
  return {
    backends: new BackendService(deps.tenants, tenantId),
    products: new ProductService(deps, tenantId),
  };
}
