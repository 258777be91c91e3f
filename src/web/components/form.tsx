// Form fields with their label and, when the last submit was refused, the message next to them.
import type { Child } from 'hono/jsx';

export type FieldErrors = Record<string, string>;

export function Field(props: {
  label: string;
  name: string;
  errors?: FieldErrors | undefined;
  hint?: string;
  children: Child;
}) {
  const error = props.errors?.[props.name];
  return (
    // biome-ignore lint/a11y/noLabelWithoutControl: the control is passed as a child, inside the label
    <label>
      {props.label}
      {props.children}
      {error ? (
        <small class="field-error" id={`${props.name}-error`} role="alert">
          {error}
        </small>
      ) : props.hint ? (
        <small>{props.hint}</small>
      ) : null}
    </label>
  );
}

/** aria-invalid for an input whose field was refused. */
export const invalid = (errors: FieldErrors | undefined, name: string) =>
  errors?.[name] ? { 'aria-invalid': 'true' as const, 'aria-describedby': `${name}-error` } : {};
