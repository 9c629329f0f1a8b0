/**
 * Aeris IoT Accelerator answers, as the published OpenAPI documents them (shared/specs/aeris-subscription-search,
 * aeris-auth-3.0, aeris-subscription-management): only the fields the adapter reads. Aeris marks nothing required;
 * the identifiers and the state are what a subscription is, everything else is optional. APNs, package, label, dates
 * and monthly usage arrive only when `additionalFields` asks for them (the adapter asks: ADDITIONAL_FIELDS), and a
 * date may be absent or null.
 */
import { z } from 'zod';

/** The field groups the gateway shows: dates, APNs, label, package, month-to-date data and SMS. */
export const ADDITIONAL_FIELDS = [
  'DATES',
  'INDIVIDUAL_APN',
  'LABEL',
  'PACKAGE',
  'MONTHLY_DATA',
  'MONTHLY_SMS',
] as const;

export const Subscription = z.object({
  iccid: z.string(),
  state: z.string(),
  imsi: z.string().nullish(),
  msisdn: z.string().nullish(),
  detectedImei: z.string().nullish(),
  // DATES
  firstActivatedAt: z.string().nullish(),
  // INDIVIDUAL_APN
  apns: z.array(z.object({ apn: z.string() })).nullish(),
  // LABEL
  label: z.string().nullish(),
  // PACKAGE
  subscriptionPackageName: z.string().nullish(),
  // MONTHLY_DATA, MONTHLY_SMS
  monthlyData: z.number().nullish(),
  monthlySms: z.number().nullish(),
});
export type Subscription = z.output<typeof Subscription>;

export const SubscriptionPage = z.object({ subscriptions: z.array(Subscription), next: z.string().nullish() });
export const Subscriptions = z.object({ subscriptions: z.array(Subscription) });

export const StateChangeAccepted = z.object({ subscription_request_id: z.string() });

export const RequestDoc = z.object({
  subscriptionRequestState: z.string().nullish(),
  subscriptionRequestResources: z.array(
    z.object({
      resourceState: z.string(),
      resourceProperties: z.array(z.object({ type: z.string(), value: z.string() })),
      resourceFailureInfos: z.array(z.object({ message: z.string().nullish() })).nullish(),
    }),
  ),
});
