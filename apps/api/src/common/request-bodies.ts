import type { FastifyInstance } from 'fastify';
import { isWellFormedContentType } from './content-type.js';
import { JSON_BODY_LIMIT_BYTES, parseJsonBody } from './json-body.js';

/**
 * The bodies the api reads: JSON (parseJsonBody) and the import's multipart (its interceptor's parser). Any other
 * type, a blank or malformed Content-Type, or none, is left unread for BodyMediaTypeInterceptor to answer 415 with
 * the types the endpoint takes, rather than Fastify answering its own 415 or its text parser reading it.
 */
export function acceptBodies(fastify: FastifyInstance): void {
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser(
    'application/json',
    { parseAs: 'buffer', bodyLimit: JSON_BODY_LIMIT_BYTES },
    (request, body, done) => {
      try {
        done(null, parseJsonBody(body as Buffer, request.headers['content-type']));
      } catch (error) {
        done(error as Error, undefined);
      }
    },
  );
  fastify.addContentTypeParser('*', (_request, _payload, done) => done(null, undefined));
  fastify.addHook('onRequest', (request, _reply, done) => {
    const type = request.headers['content-type'];
    if (type !== undefined && !isWellFormedContentType(type)) delete request.headers['content-type'];
    done();
  });
}
