/**
 * Array fields without RJSF's default look, which expects Bootstrap's icon font (not loaded
 * here, so its buttons were blank pills): buttons with visible text or arrows and accessible names
 * that say which item of which field they act on.
 */
import type {
  ArrayFieldItemTemplateProps,
  ArrayFieldTemplateProps,
  FieldPathList,
} from "@rjsf/utils";
import { getTemplate, getUiOptions } from "@rjsf/utils";

/** `["items", 0, "tags"]` → `items[0].tags`: how the accessible names point at a field. */
export function pathLabel(path: FieldPathList): string {
  let out = "";
  for (const segment of path) {
    out += typeof segment === "number" ? `[${segment}]` : out ? `.${segment}` : segment;
  }
  return out || "the parameters";
}

export function ArrayFieldTemplate(props: ArrayFieldTemplateProps) {
  const { canAdd, disabled, readonly, fieldPathId, items, onAddClick, registry, required } = props;
  const { schema, uiSchema, title } = props;
  const uiOptions = getUiOptions(uiSchema);
  const Title = getTemplate("ArrayFieldTitleTemplate", registry, uiOptions);
  const Description = getTemplate("ArrayFieldDescriptionTemplate", registry, uiOptions);
  const field = pathLabel(fieldPathId.path);
  return (
    <fieldset className={props.className} id={fieldPathId.$id}>
      <Title
        fieldPathId={fieldPathId}
        title={uiOptions.title || title}
        required={required}
        schema={schema}
        uiSchema={uiSchema}
        registry={registry}
      />
      <Description
        fieldPathId={fieldPathId}
        description={uiOptions.description || schema.description}
        schema={schema}
        uiSchema={uiSchema}
        registry={registry}
      />
      <div className="array-item-list">
        {items.length === 0 && <p className="array-empty">No items.</p>}
        {items}
      </div>
      {canAdd && (
        <button
          type="button"
          className="array-add"
          id={`${fieldPathId.$id}__add`}
          aria-label={`Add an item to ${field}`}
          disabled={disabled || readonly}
          onClick={onAddClick}
        >
          + Add item
        </button>
      )}
    </fieldset>
  );
}

export function ArrayFieldItemTemplate(props: ArrayFieldItemTemplateProps) {
  const { children, buttonsProps, hasToolbar, index } = props;
  const { hasMoveUp, hasMoveDown, hasRemove, hasCopy, disabled, readonly, fieldPathId } =
    buttonsProps;
  const item = `item ${index + 1} of ${pathLabel(fieldPathId.path.slice(0, -1))}`;
  const off = disabled || readonly;
  return (
    <div className="array-item" data-item={index}>
      <span className="array-item-index" aria-hidden="true">
        {index + 1}
      </span>
      <div className="array-item-body">{children}</div>
      {hasToolbar && (
        <div className="array-item-buttons">
          {(hasMoveUp || hasMoveDown) && (
            <>
              <button
                type="button"
                aria-label={`Move ${item} up`}
                title="Move up"
                disabled={off || !hasMoveUp}
                onClick={buttonsProps.onMoveUpItem}
              >
                ↑
              </button>
              <button
                type="button"
                aria-label={`Move ${item} down`}
                title="Move down"
                disabled={off || !hasMoveDown}
                onClick={buttonsProps.onMoveDownItem}
              >
                ↓
              </button>
            </>
          )}
          {hasCopy && (
            <button
              type="button"
              aria-label={`Copy ${item}`}
              disabled={off}
              onClick={buttonsProps.onCopyItem}
            >
              Copy
            </button>
          )}
          {hasRemove && (
            <button
              type="button"
              className="danger"
              aria-label={`Remove ${item}`}
              disabled={off}
              onClick={buttonsProps.onRemoveItem}
            >
              Remove
            </button>
          )}
        </div>
      )}
    </div>
  );
}
