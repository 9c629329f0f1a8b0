/** `npm run schema:emit`: writes schema.graphql from the code. */
import { writeFileSync } from 'node:fs';
import { buildGatewaySchema, printGatewaySchema } from '../src/schema/build.js';

writeFileSync(new URL('../schema.graphql', import.meta.url), printGatewaySchema(await buildGatewaySchema()));
console.log('schema.graphql written');
