import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginCallback } from 'fastify';
import { Type } from 'typebox';
import type { ServiceDeps } from '../../services/deps.js';
import {
  createSchedule,
  deleteSchedule,
  getSchedule,
  listSchedules,
  pauseSchedule,
  resumeSchedule,
} from '../../services/schedules.js';
import { Id, Schedule, ScheduleCreate, Task, errors } from '../schemas.js';

const tags = ['schedules'];
const ConnTask = Type.Object({ id: Id, task: Task });

export function scheduleRoutes(services: ServiceDeps): FastifyPluginCallback {
  return (root, _opts, done) => {
    const app = root.withTypeProvider<TypeBoxTypeProvider>();
    app.post(
      '/connections/:id/schedules',
      {
        schema: {
          tags,
          summary: 'Schedule a task of a connection (a Temporal Schedule; default interval from spec §3.3)',
          params: Type.Object({ id: Id }),
          body: ScheduleCreate,
          response: { 201: Schedule, ...errors(400, 404, 409) },
        },
      },
      async (req, reply) =>
        reply
          .code(201)
          .send(await createSchedule(services, req.caller, { connectionId: req.params.id, ...req.body })),
    );
    app.get(
      '/connections/:id/schedules',
      {
        schema: {
          tags,
          summary: "A connection's schedules",
          params: Type.Object({ id: Id }),
          response: { 200: Type.Object({ items: Type.Array(Schedule) }), ...errors(404) },
        },
      },
      async (req) => ({ items: await listSchedules(services, req.caller, req.params.id) }),
    );
    app.get(
      '/connections/:id/schedules/:task',
      {
        schema: {
          tags,
          summary: 'One schedule',
          params: ConnTask,
          response: { 200: Schedule, ...errors(400, 404) },
        },
      },
      (req) => getSchedule(services, req.caller, req.params.id, req.params.task),
    );
    app.post(
      '/connections/:id/schedules/:task/pause',
      {
        schema: {
          tags,
          summary: 'Pause a schedule',
          params: ConnTask,
          response: { 200: Schedule, ...errors(400, 404) },
        },
      },
      (req) => pauseSchedule(services, req.caller, req.params.id, req.params.task),
    );
    app.post(
      '/connections/:id/schedules/:task/resume',
      {
        schema: {
          tags,
          summary: 'Resume a schedule',
          params: ConnTask,
          response: { 200: Schedule, ...errors(400, 404) },
        },
      },
      (req) => resumeSchedule(services, req.caller, req.params.id, req.params.task),
    );
    app.delete(
      '/connections/:id/schedules/:task',
      {
        schema: {
          tags,
          summary: 'Delete a schedule',
          params: ConnTask,
          response: { 204: Type.Null(), ...errors(400, 404) },
        },
      },
      async (req, reply) => {
        await deleteSchedule(services, req.caller, req.params.id, req.params.task);
        return reply.code(204).send(null);
      },
    );
    done();
  };
}
