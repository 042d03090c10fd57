/**
 * The parameters form, built by react-jsonschema-form from the tool's schema. Each field shows its
 * type and constraints; problems the workbench reported (VALIDATION_ERROR) are marked on the
 * fields they concern. Validation itself happens on the main side, with the tool's own Ajv.
 */
import Form from "@rjsf/core";
import type { ErrorSchema, FieldTemplateProps, RJSFSchema, TitleFieldProps } from "@rjsf/utils";
import { useMemo } from "react";
import type { JsonSchema, ParamProblem } from "../../src-main/api/contract.ts";
import { withItemDefaults } from "../lib/array-item-defaults.ts";
import { cspSafeValidator } from "../lib/rjsf-validator.ts";
import { constraintsOf, typeOf } from "../lib/schema-text.ts";
import { ArrayFieldItemTemplate, ArrayFieldTemplate } from "./ArrayTemplates.tsx";

export function ParamsForm({
  schema,
  value,
  problems,
  onChange,
  onSubmit,
}: {
  schema: JsonSchema;
  value: unknown;
  problems: ParamProblem[];
  onChange: (value: unknown) => void;
  onSubmit: () => void;
}) {
  const extraErrors = useMemo(() => toErrorSchema(problems), [problems]);
  const formSchema = useMemo(
    () => withItemDefaults((typeof schema === "object" ? schema : {}) as RJSFSchema),
    [schema],
  );
  return (
    <Form
      schema={formSchema}
      formData={value}
      validator={cspSafeValidator}
      noValidate
      showErrorList={false}
      extraErrors={extraErrors as ErrorSchema}
      templates={{
        FieldTemplate,
        TitleFieldTemplate,
        ArrayFieldTemplate,
        ArrayFieldItemTemplate,
      }}
      uiSchema={{ "ui:submitButtonOptions": { norender: true } }}
      onChange={(event) => onChange(event.formData)}
      onSubmit={() => onSubmit()}
    />
  );
}

function FieldTemplate(props: FieldTemplateProps) {
  const {
    id,
    label,
    required,
    children,
    rawErrors,
    schema,
    hidden,
    displayLabel,
    rawDescription,
    classNames,
  } = props;
  if (hidden) return <div className="hidden">{children}</div>;
  const node = schema as Record<string, unknown>;
  // An array item's RJSF label is "paths-1"; the item template numbers items, so show only the type.
  const arrayItem = typeof props.fieldPathId.path.at(-1) === "number";
  const constraints = constraintsOf(node);
  const errors = rawErrors ?? [];
  return (
    <div
      className={`field ${classNames ?? ""}${errors.length > 0 ? " has-error" : ""}`}
      data-field={id}
    >
      {displayLabel && (
        <label htmlFor={id} className="field-label">
          {!arrayItem && label}
          {required && !arrayItem && <span className="required">*</span>}
          <span className="field-type">{typeOf(node)}</span>
          {constraints.length > 0 && (
            <span className="field-constraints">{constraints.join(" · ")}</span>
          )}
        </label>
      )}
      {displayLabel && rawDescription && <div className="field-description">{rawDescription}</div>}
      {children}
      {errors.length > 0 && (
        <ul className="field-errors" role="alert">
          {errors.map((e) => (
            <li key={e}>{e}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** Object titles, except the "items-1" RJSF gives an array's object items (they are numbered). */
function TitleFieldTemplate({ id, title, required }: TitleFieldProps) {
  if (/_\d+__title$/.test(id)) return null;
  return (
    <legend id={id}>
      {title}
      {required && <span className="required">*</span>}
    </legend>
  );
}

/** Problems by JSON pointer → RJSF's nested error schema (`{ b: { __errors: [...] } }`). */
export function toErrorSchema(problems: ParamProblem[]): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const problem of problems) {
    const segments = problem.pointer
      .split("/")
      .slice(1)
      .map((s) => s.replaceAll("~1", "/").replaceAll("~0", "~"));
    let node = root;
    for (const segment of segments) {
      node[segment] ??= {};
      node = node[segment] as Record<string, unknown>;
    }
    const list = (node.__errors as string[] | undefined) ?? [];
    list.push(problem.message);
    node.__errors = list;
  }
  return root;
}
