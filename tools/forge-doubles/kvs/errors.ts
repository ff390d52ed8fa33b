/** A KVS answer other than success: the HTTP status and the `{code, message}` body the SDK reads. */
export class KvsRequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** A 400 with the given code: the platform's answer to a malformed request. */
export function badRequest(code: string, message: string): KvsRequestError {
  return new KvsRequestError(400, code, message);
}

/** A JSON response as the KVS service sends it. */
export function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}
