// The one application error type: a code that maps to an HTTP status (problem+json) and a CLI exit code.
export type ErrorCode =
  | 'bad_request'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'unprocessable'
  | 'unavailable';

export interface FieldError {
  path: string;
  message: string;
}

const statusOf: Record<ErrorCode, number> = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  unprocessable: 422,
  unavailable: 503,
};

const titleOf: Record<ErrorCode, string> = {
  bad_request: 'Bad request',
  unauthorized: 'Unauthorized',
  forbidden: 'Forbidden',
  not_found: 'Not found',
  conflict: 'Conflict',
  unprocessable: 'Unprocessable content',
  unavailable: 'Service unavailable',
};

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly errors: FieldError[] | undefined;
  constructor(code: ErrorCode, message: string, errors?: FieldError[]) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.errors = errors;
  }
  get status(): number {
    return statusOf[this.code];
  }
  get title(): string {
    return titleOf[this.code];
  }
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: FieldError[];
}

export function toProblem(err: AppError): Problem {
  return {
    type: `https://relance.app/problems/${err.code.replace('_', '-')}`,
    title: err.title,
    status: err.status,
    detail: err.message,
    ...(err.errors ? { errors: err.errors } : {}),
  };
}

export const notFound = (what: string) => new AppError('not_found', `${what} not found`);
export const forbidden = (message = 'You are not allowed to do this') => new AppError('forbidden', message);
export const unprocessable = (path: string, message: string) =>
  new AppError('unprocessable', message, [{ path, message }]);
export const badRequest = (path: string, message: string) =>
  new AppError('bad_request', message, [{ path, message }]);
