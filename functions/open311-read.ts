import * as z from 'zod';
import { publicBaseUrl } from '../shared/config/env.ts';
import { formatOf, Open311Error, parseResource } from '../shared/domain/open311/model.ts';
import {
  discoveryResponse,
  errorFromException,
  requestsResponse,
  servicesResponse,
} from '../shared/domain/open311/render.ts';
import { isDependencyFailure } from '../shared/http/dependency-failure.ts';
import { publicHandler } from '../shared/http/public-handler.ts';
import { logger } from '../shared/logging/logger.ts';
import { caseStore } from '../shared/runtime/deps/case-store.ts';
import { catalog } from '../shared/runtime/deps/catalog.ts';
import { open311Store } from '../shared/runtime/deps/open311.ts';
import { getRequest, listRequests, listServices } from '../shared/use-cases/open311.ts';

const querySchema = z
  .object({
    jurisdiction_id: z.string().max(60),
    service_request_id: z.string().max(2000),
    service_code: z.string().max(500),
    start_date: z.string().max(40),
    end_date: z.string().max(40),
    status: z.string().max(20),
  })
  .partial();

const notFound = () => new Open311Error(404, 'not found');

/**
 * Open311 GeoReport v2, reading: `GET /open311/v2/{discovery|services|requests}.{json|xml}` and
 * `GET /open311/v2/requests/{id}.{json|xml}`. API Gateway matches whole path segments only, so the format
 * travels in the segment and is split off here. Errors are the spec's `[{code, description}]`.
 */
export const handler = publicHandler('read', async (event) => {
  const segment = event.pathParameters?.resource ?? event.pathParameters?.requestFile;
  const format = formatOf(segment);
  try {
    const resource = parseResource(segment ?? '');
    if (!resource) throw notFound();
    const parsedQuery = querySchema.safeParse(event.queryStringParameters ?? {});
    if (!parsedQuery.success) throw new Open311Error(400, 'a query parameter is too long');
    const query = parsedQuery.data;
    const deps = { store: caseStore(), catalog };
    if (event.pathParameters?.requestFile !== undefined)
      return requestsResponse(resource.format, [await getRequest(deps, resource.name)]);
    switch (resource.name) {
      case 'services':
        return servicesResponse(resource.format, await listServices(deps, query.jurisdiction_id));
      case 'requests':
        return requestsResponse(
          resource.format,
          await listRequests({ ...deps, requests: open311Store() }, query, new Date()),
        );
      case 'discovery': {
        const base = `${publicBaseUrl().replace(/\/$/, '')}/open311/v2/`;
        return discoveryResponse(resource.format, {
          changeset: '2026-12-01T00:00:00+08:00',
          contact: '回音（县信访局）',
          key_service: '',
          endpoints: [
            {
              specification: 'http://wiki.open311.org/GeoReport_v2',
              url: base,
              changeset: '2026-12-01T00:00:00+08:00',
              type: 'production',
              formats: ['application/json', 'text/xml'],
            },
          ],
        });
      }
      default:
        throw notFound();
    }
  } catch (error) {
    const { result, unexpected } = await errorFromException(format, error, { isDependencyFailure });
    if (unexpected) logger.error('open311 read failed', { error });
    return result;
  }
});
