/**
 * Control Center error bodies: `{"errorMessage": "...", "errorCode": "<numeric string>"}`.
 *
 * Codes marked "public" are the ones public material shows Control Center answering (backends.md, Cisco's error
 * list as quoted by open-source clients); the others were chosen here in the same numbering (1xxxxxxx request
 * errors, 2xxxxxxx not found, 3xxxxxxx server errors, 4xxxxxxx throttling) and are documented in docs/sandbox/cisco.md.
 */
import type { Response } from 'express';

export interface CiscoErrorDef {
  status: number;
  code: string;
  message: string;
}

export const CISCO_ERRORS = {
  /** public */
  INVALID_CREDENTIALS: { status: 401, code: '10000001', message: 'Invalid credentials' },
  INVALID_ICCID: { status: 400, code: '10000003', message: 'Invalid ICCID.' },
  MODIFIED_SINCE_REQUIRED: { status: 400, code: '10000004', message: 'modifiedSince is required.' },
  INVALID_MODIFIED_SINCE: {
    status: 400,
    code: '10000005',
    message: 'Invalid modifiedSince. The format is yyyy-MM-ddTHH:mm:ssZ.',
  },
  INVALID_MODIFIED_TILL: {
    status: 400,
    code: '10000006',
    message:
      'Invalid modifiedTill. The format is yyyy-MM-ddTHH:mm:ssZ, after modifiedSince and at most one year later.',
  },
  INVALID_PAGE_SIZE: { status: 400, code: '10000007', message: 'Invalid pageSize. Maximum of 50.' },
  INVALID_PAGE_NUMBER: { status: 400, code: '10000008', message: 'Invalid pageNumber.' },
  INVALID_ACCOUNT_ID: { status: 400, code: '10000009', message: 'Invalid accountId.' },
  INVALID_STATUS: { status: 400, code: '10000011', message: 'Invalid status.' },
  INVALID_RATE_PLAN: { status: 400, code: '10000012', message: 'Invalid ratePlan.' },
  INVALID_COMMUNICATION_PLAN: { status: 400, code: '10000013', message: 'Invalid communicationPlan.' },
  INVALID_EFFECTIVE_DATE: {
    status: 400,
    code: '10000014',
    message: 'Invalid effectiveDate. It must be an ISO-8601 date-time at most 180 days ahead.',
  },
  INVALID_FIELD_VALUE: { status: 400, code: '10000015', message: 'Invalid field value.' },
  STATUS_CHANGE_NOT_ALLOWED: { status: 400, code: '10000016', message: 'Status change not allowed.' },
  /** public */
  JSON_NOT_WELL_FORMED: {
    status: 400,
    code: '10000023',
    message:
      'The JSON in the request is not well formed. Please ensure that commas, colons, braces etc. are formatted properly.',
  },
  /** public */
  INVALID_API_VERSION: { status: 400, code: '10000024', message: 'Invalid apiVersion.' },
  /** public */
  INVALID_REQUEST: {
    status: 400,
    code: '10000028',
    message: 'Invalid request. The request contained one or more unrecognized parameters.',
  },
  /** public */
  RESOURCE_NOT_FOUND: { status: 404, code: '20000001', message: 'Resource not found - Invalid ICCID.' },
  NO_SUCH_FUNCTION: { status: 404, code: '20000002', message: 'Resource not found.' },
  /** public */
  SERVER_ERROR: { status: 500, code: '30000001', message: 'Unknown server error.' },
  RATE_LIMIT: {
    status: 429,
    code: '40000029',
    message: 'Rate limit exceeded. Make at most 5 API calls per second, one at a time.',
  },
} as const satisfies Record<string, CiscoErrorDef>;

export type CiscoErrorName = keyof typeof CISCO_ERRORS;

/** Sent with every 401, as Control Center's Spring Security front does. */
export const WWW_AUTHENTICATE = 'Basic realm="Jasper"';

/** Answers a catalogued error, optionally with a more precise message. */
export function sendCiscoError(res: Response, name: CiscoErrorName, message?: string): void {
  const def = CISCO_ERRORS[name];
  if (def.status === 401) res.setHeader('WWW-Authenticate', WWW_AUTHENTICATE);
  res.status(def.status).json({ errorMessage: message ?? def.message, errorCode: def.code });
}

/** Default code when the harness (faults, 404, body parsing) reports an error without one. */
function defaultCode(status: number): string {
  if (status === 400) return CISCO_ERRORS.JSON_NOT_WELL_FORMED.code;
  if (status === 401) return CISCO_ERRORS.INVALID_CREDENTIALS.code;
  if (status === 404) return CISCO_ERRORS.NO_SUCH_FUNCTION.code;
  if (status === 429) return CISCO_ERRORS.RATE_LIMIT.code;
  return CISCO_ERRORS.SERVER_ERROR.code;
}

/**
 * The simulator's ErrorResponder. The harness only reports 400 for request bodies it could not parse, which
 * Control Center answers with its "JSON not well formed" message; other statuses keep the harness's message.
 */
export function respondCiscoError(res: Response, status: number, message: string, code?: string): void {
  if (status === 401) res.setHeader('WWW-Authenticate', WWW_AUTHENTICATE);
  const errorMessage = status === 400 && code === undefined ? CISCO_ERRORS.JSON_NOT_WELL_FORMED.message : message;
  res.status(status).json({ errorMessage, errorCode: code ?? defaultCode(status) });
}
