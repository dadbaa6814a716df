import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { customers } from '../../app/customers.ts';
import {
  customerCreateSchema,
  customerListQuerySchema,
  customerPatchSchema,
  customerSchema,
} from '../../contracts/customers.ts';
import { registerCrudRoutes } from './crud.ts';
import type { RouteDeps } from './deps.ts';

export function customerRoutes({ db }: RouteDeps): FastifyPluginAsyncZod {
  return async (app) => {
    registerCrudRoutes(app, db, {
      path: '/customers',
      tag: 'customers',
      noun: 'a customer',
      summaries: {
        list: 'List customers, newest last, with filters and cursor paging',
        delete: 'Delete a customer with their activities and bookings',
      },
      schemas: {
        item: customerSchema,
        create: customerCreateSchema,
        patch: customerPatchSchema,
        query: customerListQuerySchema,
      },
      useCases: customers,
    });
  };
}
