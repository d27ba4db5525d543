import { z } from 'zod';
import { ROLES } from './roles.js';

export const roleSchema = z.enum(ROLES);

export const operatorSchema = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  roles: z.array(roleSchema),
  disabled: z.boolean(),
  lockedUntil: z.string().nullable(),
  createdAt: z.string(),
});
export type Operator = z.infer<typeof operatorSchema>;

export const MIN_PASSWORD_LENGTH = 12;

export const operatorInputSchema = z.strictObject({
  username: z
    .string()
    .regex(/^[a-z][a-z0-9._-]{2,39}$/, 'lowercase letters, digits, . _ -; 3 to 40 characters, starting with a letter'),
  displayName: z.string().min(1).max(200),
  roles: z.array(roleSchema).min(1),
  password: z.string().min(MIN_PASSWORD_LENGTH).max(200),
});
export type OperatorInput = z.infer<typeof operatorInputSchema>;

export const loginSchema = z.strictObject({
  username: z.string().min(1).max(100),
  password: z.string().min(1).max(200),
});

export const sessionSchema = z.object({
  token: z.string(),
  expiresAt: z.string(),
  operator: operatorSchema,
});
export type Session = z.infer<typeof sessionSchema>;
