/**
 * A compile-time check that two types agree, for a fact written once as a type (in the contract) and
 * produced elsewhere (a zod schema's output): `const check: SameType<A, B> = true` compiles only when
 * A and B are assignable to each other, so a field added to or dropped from one side fails the type check.
 */
export type SameType<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
