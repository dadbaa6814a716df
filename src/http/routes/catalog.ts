import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { offerings } from '../../app/offerings.ts';
import { staff } from '../../app/staff.ts';
import * as offering from '../../contracts/offerings.ts';
import * as staffMember from '../../contracts/staff.ts';
import { registerCrudRoutes } from './crud.ts';
import type { RouteDeps } from './deps.ts';

/** What the tenant sells (offerings) and who delivers it (staff). */
export function catalogRoutes({ db }: RouteDeps): FastifyPluginAsyncZod {
  return async (app) => {
    registerCrudRoutes(app, db, {
      path: '/offerings',
      tag: 'offerings',
      noun: 'an offering (service, product, course or module)',
      summaries: {
        list: 'List offerings, newest last, by kind, category, active or text, with cursor paging',
        delete: 'Delete an offering; its activities and bookings stay, without an offering',
      },
      schemas: {
        item: offering.offeringSchema,
        create: offering.offeringCreateSchema,
        patch: offering.offeringPatchSchema,
        query: offering.offeringListQuerySchema,
      },
      useCases: offerings,
    });

    registerCrudRoutes(app, db, {
      path: '/staff',
      tag: 'staff',
      noun: 'a staff member',
      summaries: {
        list: 'List staff members, newest last, by active or text, with cursor paging',
        delete: 'Delete a staff member; their activities and bookings stay, without a staff member',
      },
      schemas: {
        item: staffMember.staffMemberSchema,
        create: staffMember.staffCreateSchema,
        patch: staffMember.staffPatchSchema,
        query: staffMember.staffListQuerySchema,
      },
      useCases: staff,
    });
  };
}
