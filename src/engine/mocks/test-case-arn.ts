/**
 * Step Functions Local selects a mock test case with `<stateMachineArn>#<TestCaseName>` in
 * StartExecution. State machine names cannot contain `#`, so the first `#` separates the two.
 */
export function splitTestCaseArn(arn: string): { stateMachineArn: string; testCase: string | undefined } {
  const hash = arn.indexOf('#');
  if (hash < 0) return { stateMachineArn: arn, testCase: undefined };
  return { stateMachineArn: arn.slice(0, hash), testCase: arn.slice(hash + 1) };
}
