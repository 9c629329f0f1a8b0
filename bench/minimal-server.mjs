/**
 * The overhead benchmark's floor: graphql-js alone over the sandbox, one resolver calling the same device endpoint as
 * the gateway does, in its own process (as the gateway is). Plain JavaScript, run by node without a loader.
 *
 *   MINIMAL_DEVICE_URL   the sandbox's device endpoint, without the ICCID (…/rws/api/v1/devices/)
 *   MINIMAL_AUTH         the Authorization header for it
 */
import http from 'node:http';
import { buildSchema, graphql } from 'graphql';

const deviceUrl = process.env.MINIMAL_DEVICE_URL;
const authorization = process.env.MINIMAL_AUTH;
const schema = buildSchema(
  'type Query { product(id: ID!): Product } type Product { id: ID! status: String simCard: SimCard } type SimCard { iccid: String imsi: String status: String }',
);
const rootValue = {
  product: async ({ id }) => {
    const res = await fetch(`${deviceUrl}${id.split('-')[1]}`, { headers: { authorization } });
    const d = await res.json();
    return { id, status: d.status, simCard: { iccid: d.iccid, imsi: d.imsi, status: d.status } };
  },
};
const server = http.createServer((req, res) => {
  let data = '';
  req.on('data', (c) => (data += c));
  req.on('end', async () => {
    const { query, variables } = JSON.parse(data);
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(await graphql({ schema, source: query, rootValue, variableValues: variables })));
  });
});
server.listen(0, '127.0.0.1', () =>
  console.log(`minimal graphql-js server on http://127.0.0.1:${server.address().port}/`),
);
process.on('SIGTERM', () => server.close(() => process.exit(0)));
