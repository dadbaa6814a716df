export { BOOKING_HORIZON_DAYS } from './bookings.ts';
export { isSalonClosed, salonHolidays } from './calendar.ts';
export { DEMO_TENANT, PRODUCTS, SERVICES, STAFF } from './catalog.ts';
export type { DemoCustomerRecord } from './customer.ts';
export {
  type DemoBusiness,
  type DemoCatalog,
  type DemoOptions,
  demoCatalog,
  generateDemoBusiness,
  streamDemoCustomers,
} from './generate.ts';
export { type DemoProfile, SEGMENT_SHARES, type Segment } from './profile.ts';
