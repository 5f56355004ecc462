// asl-validator ships no types; this is the part of its API the project uses.
declare module 'asl-validator' {
  interface AslValidation {
    isValid: boolean;
    errorsText(separator?: string): string;
  }
  function aslValidator(definition: unknown): AslValidation;
  export default aslValidator;
}
