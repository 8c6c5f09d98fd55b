// Schemas shared by many routes.
import { Type } from 'typebox';
import { RoleSchema } from '../contract/roles.js';

export { RoleSchema };

export const ErrorSchema = Type.Object({
  error: Type.String(),
  message: Type.String(),
  field: Type.Optional(Type.String()),
});

export const SessionUserSchema = Type.Object({
  id: Type.Integer(),
  username: Type.String(),
  displayName: Type.String(),
  roles: Type.Array(RoleSchema),
  departmentId: Type.Union([Type.Integer(), Type.Null()]),
  mustChangePassword: Type.Optional(Type.Boolean()),
});

export const PagingQuery = {
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 50 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
};

/** Error responses every route may give, for the OpenAPI document. */
export const ErrorResponses = { 400: ErrorSchema, 401: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema, 409: ErrorSchema };

/** A success body documented loosely (shape in core/contract), plus the error responses. */
export function withErrors<S extends 200 | 201>(status: S, ok = Type.Any()) {
  return { [status]: ok, ...ErrorResponses } as { [K in S]: typeof ok } & typeof ErrorResponses;
}
