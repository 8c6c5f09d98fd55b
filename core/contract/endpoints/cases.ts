// The case API: intake, queries and queues, one action endpoint per transition, the duplicate hint
// and the workflow table the console reads to offer only the allowed actions.
import { Type } from 'typebox';
import {
  CaseActionPath,
  CaseActionRequest,
  CaseActionResponse,
  CaseDetailResponse,
  CaseListQuery,
  CaseListResponse,
  CaseView,
  DuplicatesQuery,
  DuplicatesResponse,
  NewCaseRequest,
  QueueCount,
  WorkflowResponse,
} from '../cases.js';
import { IdParams } from '../common.js';
import { endpoint } from '../endpoint.js';
import { CASE_FILERS } from '../roles.js';

const tag = 'cases';

export const caseEndpoints = {
  'cases.workflow': endpoint({
    method: 'GET', path: '/api/workflow', access: 'signed-in', tag, summary: 'States, transitions and queues of the workflow',
    responses: { 200: WorkflowResponse },
  }),
  'cases.create': endpoint({
    method: 'POST', path: '/api/cases', access: CASE_FILERS, tag, summary: 'File a new case (信息收集)',
    body: NewCaseRequest,
    responses: { 201: Type.Object({ case: CaseView }) },
  }),
  'cases.list': endpoint({
    method: 'GET', path: '/api/cases', access: 'signed-in', tag, summary: 'Cases with filters and paging',
    query: CaseListQuery,
    responses: { 200: CaseListResponse },
  }),
  'cases.queues': endpoint({
    method: 'GET', path: '/api/cases/queues', access: 'signed-in', tag, summary: "The signed-in user's work queues with counts",
    responses: { 200: Type.Array(QueueCount) },
  }),
  'cases.duplicates': endpoint({
    method: 'GET', path: '/api/cases/duplicates', access: 'signed-in', tag, summary: 'Open cases of the same class near a point (shown before filing)',
    query: DuplicatesQuery,
    responses: { 200: DuplicatesResponse },
  }),
  'cases.get': endpoint({
    method: 'GET', path: '/api/cases/:id', access: 'signed-in', tag, summary: 'A case with its timeline, photos and the actions open to you',
    params: IdParams,
    responses: { 200: CaseDetailResponse },
  }),
  'cases.act': endpoint({
    method: 'POST', path: '/api/cases/:id/:action', access: 'signed-in', tag: 'case actions',
    summary: 'One step of the workflow (发核实, 立案, 派遣, 结案…); GET /api/workflow lists each action with its states, roles and what it requires',
    params: Type.Object({ id: Type.Integer({ minimum: 1 }), action: CaseActionPath }),
    body: CaseActionRequest,
    responses: { 200: CaseActionResponse },
  }),
};
