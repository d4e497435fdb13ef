import { ApiError } from '../api-error.js';

/** The errors AWS answers an unauthenticated or wrongly signed JSON-protocol request with. */

export function missingAuthenticationToken(): ApiError {
  return new ApiError('MissingAuthenticationTokenException', 'Request is missing Authentication Token', 403);
}

export function unrecognizedClient(): ApiError {
  return new ApiError('UnrecognizedClientException', 'The security token included in the request is invalid.', 403);
}

/** A malformed Authorization header or a missing X-Amz-Date: the request cannot even be checked. */
export function incompleteSignature(message: string): ApiError {
  return new ApiError('IncompleteSignatureException', message, 400);
}

export function invalidSignature(message: string): ApiError {
  return new ApiError('InvalidSignatureException', message, 403);
}

/** AWS's message for a signature that does not match, with what it should have signed. */
export function signatureMismatch(canonicalRequest: string, stringToSign: string): ApiError {
  return invalidSignature(
    'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access ' +
      'Key and signing method. Consult the service documentation for details.\n\n' +
      `The Canonical String for this request should have been\n'${canonicalRequest}'\n\n` +
      `The String-to-Sign should have been\n'${stringToSign}'\n`,
  );
}
