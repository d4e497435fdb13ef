/**
 * An error of the Step Functions API: `type` is the AWS error code (`__type` on the wire, e.g.
 * `StateMachineDoesNotExist`, `ValidationException`), `message` says what is wrong and where.
 * The server answers it with HTTP `status` (400 unless stated) and `{"__type": type, "message": message}`,
 * plus the `extra` members some errors carry (`resourceName` of ResourceNotFound and TooManyTags, `reason`
 * of ValidationException).
 */
export class ApiError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status = 400,
    readonly extra: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** `ValidationException` naming the member that is wrong, as AWS does ("Value at 'name' failed ..."). */
export function validationError(message: string): ApiError {
  return new ApiError('ValidationException', message);
}
