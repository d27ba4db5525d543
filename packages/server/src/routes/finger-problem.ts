import { fingerOutcomeSchema } from '@kura/registry';
import { z } from 'zod';
import { problemSchema } from '../http/problem.js';

/** 422 answer when a finger is not accepted: the problem, plus the quality gate's answer for every finger sent. */
export const fingersProblemSchema = problemSchema.extend({
  fingers: z.array(fingerOutcomeSchema).describe('Réponse par doigt / One outcome per finger sent: accepted, retake or refused, with the problems found'),
});

