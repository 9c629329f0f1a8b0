/** Cisco IoT Control Center REST v1 payloads (the fields the gateway reads). */

export interface CiscoListDevice {
  iccid: string;
  status: string;
  ratePlan: string | null;
  communicationPlan: string | null;
}

export interface CiscoDeviceList {
  pageNumber: number;
  devices: CiscoListDevice[];
  lastPage: boolean;
}

export interface CiscoDevice extends CiscoListDevice {
  imsi: string | null;
  msisdn: string | null;
  imei: string | null;
  eid: string | null;
  customer: string | null;
  dateActivated: string | null;
  dateAdded: string | null;
  dateUpdated: string | null;
  accountId: string | null;
  simProfileId?: string | null;
  fixedIPAddress?: string | null;
}

export interface CiscoUsage {
  iccid: string;
  ctdDataUsage: number | null;
  ctdSMSUsage: number | null;
  ctdVoiceUsage: number | null;
  ctdSessionCount: number | null;
  overageLimitReached?: boolean;
}

export interface CiscoSession {
  iccid: string;
  ipAddress: string | null;
  apn: string | null;
  dateSessionStarted: string | null;
  dateSessionEnded: string | null;
}

export interface CiscoError {
  errorMessage?: string;
  errorCode?: string;
}
