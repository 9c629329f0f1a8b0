/** Monitors: operations the gateway accepted and tracks (asynchronous carrier requests and every batch). */
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { MonitorState, Platform } from './enums.js';
import { Node } from './node.js';
import { PageInfo } from './product.js';
import { DateTimeScalar, JSONScalar } from './scalars.js';

@ObjectType({ description: "One product's outcome within a monitored operation, with what the platform answered." })
export class PlatformResponse {
  @Field(() => ID, { nullable: true })
  productId!: string | null;
  @Field(() => Platform)
  platform!: Platform;
  @Field(() => MonitorState)
  state!: MonitorState;
  @Field(() => Int, { nullable: true, description: 'HTTP status the platform answered with, when there was one.' })
  statusCode!: number | null;
  @Field(() => String, { nullable: true })
  message!: string | null;
  @Field(() => JSONScalar, { nullable: true, description: "The platform's answer, verbatim (secrets removed)." })
  body!: unknown;
}

@ObjectType({ description: 'An error met while carrying out an operation.' })
export class OperationError {
  @Field(() => ID, { nullable: true })
  productId!: string | null;
  @Field(() => Platform, { nullable: true })
  platform!: Platform | null;
  @Field(() => String, { description: 'One of the gateway error codes, e.g. BACKEND_REJECTED.' })
  code!: string;
  @Field(() => String)
  message!: string;
}

@ObjectType({ implements: Node, description: 'An operation that the gateway accepted and is still tracking, or has finished tracking.' })
export class Monitor extends Node {
  @Field(() => MonitorState)
  state!: MonitorState;
  @Field(() => ID, { nullable: true, description: 'The product the operation acts on; null for a batch.' })
  sourceId!: string | null;
  @Field(() => String, { description: 'e.g. "SIM_STATUS_CHANGE", "BATCH_UPDATE".' })
  operation!: string;
  @Field(() => JSONScalar, { description: 'What the client asked for.' })
  request!: unknown;
  @Field(() => [PlatformResponse], { description: 'One per product and platform involved.' })
  responses!: PlatformResponse[];
  @Field(() => [OperationError])
  errors!: OperationError[];
  @Field(() => Boolean, { description: 'True while the platform can still cancel the operation (TMSP, before it runs).' })
  cancellable!: boolean;
  @Field(() => DateTimeScalar)
  createdAt!: Date;
  @Field(() => DateTimeScalar)
  updatedAt!: Date;
  @Field(() => String, { description: 'Correlates the monitor with gateway logs and platform requests.' })
  correlationId!: string;
}

@ObjectType()
export class MonitorEdge {
  @Field(() => String)
  cursor!: string;
  @Field(() => Monitor)
  node!: Monitor;
}

@ObjectType({ description: "The tenant's monitors, newest first." })
export class MonitorConnection {
  @Field(() => [MonitorEdge])
  edges!: MonitorEdge[];
  @Field(() => PageInfo)
  pageInfo!: PageInfo;
}
