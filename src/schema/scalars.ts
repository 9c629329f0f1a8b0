/** The contract's two custom scalars: DateTime (ISO-8601, from graphql-scalars) and JSON. */
import { GraphQLScalarType } from 'graphql';
import { GraphQLDateTime, GraphQLJSON } from 'graphql-scalars';

export const DateTimeScalar = new GraphQLScalarType({
  ...GraphQLDateTime.toConfig(),
  name: 'DateTime',
  description: 'An instant in time, as an ISO-8601 string with time zone (e.g. 2026-11-22T13:45:00.000Z).',
});

export const JSONScalar = new GraphQLScalarType({
  ...GraphQLJSON.toConfig(),
  name: 'JSON',
  description: 'Any JSON value (used for requests and platform response bodies kept verbatim).',
});
