/** Monitors: operations the gateway accepted and tracks (asynchronous carrier requests and every batch). */
import { Field, ID, Int, ObjectType } from 'type-graphql';
import type { ErrorCode as ErrorCodeValue } from '../domain/errors.js';
import type { MonitorOperation as OperationValue } from '../domain/vocabulary.js';
import { MonitorState, Platform } from './enums.js';
import { ErrorCode } from './errors.js';
import { Node } from './node.js';
import { PageInfo } from './product.js';
import { DateTimeScalar, JSONScalar } from './scalars.js';
import { MonitorOperation } from './vocabulary.js';

@ObjectType({ description: "One product's outcome within a monitored operation, with what the platform answered." })
export class PlatformResponse {
  @Field(() => ID, { nullable: true, description: 'The product (bundle id) this response is about.' })
  productId!: string | null;
  @Field(() => Platform, { description: 'The platform that carries out this part.' })
  platform!: Platform;
  @Field(() => MonitorState, {
    description: "This product's state: IN_PROGRESS, DONE, FAILED or CANCELLED (never PARTIALLY_FAILED).",
  })
  state!: MonitorState;
  @Field(() => Int, { nullable: true, description: 'HTTP status the platform answered with, when there was one.' })
  statusCode!: number | null;
  @Field(() => String, {
    nullable: true,
    description:
      'What the platform or the gateway said about this product, e.g. why it failed; null while there is nothing to say.',
  })
  message!: string | null;
  @Field(() => JSONScalar, {
    nullable: true,
    description: "The platform's answer, verbatim (secrets removed); its shape is the platform's own.",
  })
  body!: unknown;
}

@ObjectType({ description: 'An error met while carrying out an operation, for one product.' })
export class OperationError {
  @Field(() => ID, {
    nullable: true,
    description: 'The product that failed; null when the error is not about one product.',
  })
  productId!: string | null;
  @Field(() => Platform, { nullable: true, description: 'The platform involved; null when none is.' })
  platform!: Platform | null;
  @Field(() => ErrorCode, {
    description:
      'What went wrong, as the same code a GraphQL error would carry in `extensions.code`, e.g. BACKEND_REJECTED, TRANSITION_NOT_ALLOWED, NOT_SUPPORTED.',
  })
  code!: ErrorCodeValue;
  @Field(() => String, { description: "A readable explanation, with the platform's own message where it gave one." })
  message!: string;
}

@ObjectType({
  implements: Node,
  description:
    'An operation that the gateway accepted and is still tracking, or has finished tracking: every batch, and changes the platform carries out asynchronously. Stored by the gateway (it survives restarts) and visible only to the tenant that made it. Id: "monitor-{uuid}". Follow it with `monitor(id)` or the `monitorUpdated` subscription.',
})
export class Monitor extends Node {
  @Field(() => MonitorState, { description: 'Where the operation stands; every state but IN_PROGRESS is final.' })
  state!: MonitorState;
  @Field(() => ID, { nullable: true, description: 'The product the operation acts on; null for a batch.' })
  sourceId!: string | null;
  @Field(() => MonitorOperation, { description: 'The mutation that created the monitor.' })
  operation!: OperationValue;
  @Field(() => JSONScalar, {
    description:
      'What the client asked for, as the gateway recorded it (e.g. {"productId": …, "status": "SUSPENDED"}).',
  })
  request!: unknown;
  @Field(() => [PlatformResponse], { description: 'One per product and platform involved.' })
  responses!: PlatformResponse[];
  @Field(() => [OperationError], { description: 'One per failed product; empty while nothing failed.' })
  errors!: OperationError[];
  @Field(() => Boolean, {
    description: 'True while `cancelMonitor` can still cancel the operation (TMSP, before the platform runs it).',
  })
  cancellable!: boolean;
  @Field(() => DateTimeScalar, { description: 'When the gateway accepted the operation.' })
  createdAt!: Date;
  @Field(() => DateTimeScalar, { description: 'When the monitor last changed (state, a response or an error).' })
  updatedAt!: Date;
  @Field(() => String, { description: 'Correlates the monitor with gateway logs and platform requests.' })
  correlationId!: string;
}

@ObjectType({ description: 'One monitor of a page, with its cursor.' })
export class MonitorEdge {
  @Field(() => String, { description: 'Opaque cursor: pass it as `after` to continue after this monitor.' })
  cursor!: string;
  @Field(() => Monitor, { description: 'The monitor.' })
  node!: Monitor;
}

@ObjectType({ description: "The tenant's monitors, newest first." })
export class MonitorConnection {
  @Field(() => [MonitorEdge], { description: 'The monitors of this page, newest first, at most `first`.' })
  edges!: MonitorEdge[];
  @Field(() => PageInfo, { description: 'Whether more pages follow, and the cursor to ask for the next one.' })
  pageInfo!: PageInfo;
}
