import * as z from 'zod'
import { AnswerReply, AreasReply, InvitesReply, ResultReply, ScreenReply, ScreensReply, SessionReply, Screen } from './replies'
import { InviteInput, ScreenInput, StartSession, SubmitResponse } from './schemas'

const error = { description: 'Refused', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } }
const replies = { AreasReply, SessionReply, AnswerReply, ResultReply, Screen, ScreensReply, ScreenReply, InvitesReply }
const ok = (description: string, reply: keyof typeof replies) => ({ description, content: { 'application/json': { schema: { $ref: `#/components/schemas/${reply}` } } } })
const bearer = [{ token: [] }]
const id = [{ name: 'id', in: 'path', required: true, schema: { type: 'string', pattern: '^[A-Za-z0-9_-]{22}$' } }]

/** The API's OpenAPI 3.1 document; request schemas come from the same zod schemas that validate. */
export function openApiDocument() {
  return {
    openapi: '3.1.0',
    info: { title: 'Levelset API', version: '1' },
    servers: [{ url: '/api/v1' }],
    components: {
      securitySchemes: { token: { type: 'http', scheme: 'bearer', description: 'An API token from /account' } },
      schemas: {
        // JSON Schema cannot say what the refinements check; the description does.
        StartSession: { ...z.toJSONSchema(StartSession), description: 'screen-practice needs targetLevel; timed and timeLimitMinutes are for screen-practice only' },
        SubmitResponse: z.toJSONSchema(SubmitResponse),
        ScreenInput: { ...z.toJSONSchema(ScreenInput, { io: 'input' }), description: 'name is trimmed and must not be empty' },
        InviteInput: z.toJSONSchema(InviteInput),
        ...Object.fromEntries(Object.entries(replies).map(([name, schema]) => [name, z.toJSONSchema(schema, { io: 'output' })])),
        Error: {
          type: 'object',
          required: ['error'],
          properties: { error: { type: 'object', required: ['code', 'message'], properties: { code: { type: 'string' }, message: { type: 'string' }, details: {} } } },
        },
      },
    },
    paths: {
      '/areas': { get: { summary: 'Areas with topics and question counts', responses: { 200: ok('Areas', 'AreasReply') } } },
      '/sessions': {
        post: {
          summary: 'Start a session; returns its id, status and first question',
          requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/StartSession' } } } },
          responses: { 201: ok('The new session', 'SessionReply'), 400: error, 413: error, 422: error, 429: error },
        },
      },
      '/sessions/{id}': { get: { summary: 'Status, position, deadline and the current question (never its key)', parameters: id, responses: { 200: ok('The session', 'SessionReply'), 400: error, 404: error } } },
      '/sessions/{id}/responses': {
        post: {
          summary: 'Answer the current question; returns the next question or the end, with feedback in practice mode',
          parameters: id,
          requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/SubmitResponse' } } } },
          responses: { 200: ok('The next step', 'AnswerReply'), 400: error, 404: error, 409: error, 410: error, 413: error, 422: error, 429: error },
        },
      },
      '/screens': {
        get: { summary: "The token's user's screens", security: bearer, responses: { 200: ok('Screens', 'ScreensReply'), 401: error } },
        post: {
          summary: 'Create a screen', security: bearer,
          requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/ScreenInput' } } } },
          responses: { 201: ok('The screen', 'Screen'), 400: error, 401: error, 413: error, 422: error },
        },
      },
      '/screens/{id}': { get: { summary: 'A screen with its candidates and their results', security: bearer, parameters: id, responses: { 200: ok('The screen', 'ScreenReply'), 400: error, 401: error, 404: error } } },
      '/screens/{id}/invites': {
        post: {
          summary: 'Create single-use invite links (the body may be up to 128 KiB)', security: bearer, parameters: id,
          requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/InviteInput' } } } },
          responses: { 201: ok('The invites with their links', 'InvitesReply'), 400: error, 401: error, 404: error, 413: error },
        },
      },
      '/sessions/{id}/result': { get: { summary: 'Level, theta and SE, per-area and per-topic results, next phase, review', parameters: id, responses: { 200: ok('The result', 'ResultReply'), 400: error, 403: error, 404: error, 409: error } } },
    },
  }
}
