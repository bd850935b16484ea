import { useEffect, useId, useRef, useState, type ReactNode } from 'react';

interface ConfirmButtonProps {
  /** The button that asks first. */
  label: string;
  /** What will happen, in plain words, shown before the user commits. */
  question: ReactNode;
  confirmLabel: string;
  onConfirm: () => void;
  disabled?: boolean;
  danger?: boolean;
}

/**
 * A destructive action behind an inline confirmation: focus moves to "keep", so a stray Enter never
 * commits, and Escape backs out.
 */
export function ConfirmButton(props: ConfirmButtonProps) {
  const [asking, setAsking] = useState(false);
  const keepRef = useRef<HTMLButtonElement>(null);
  const openerRef = useRef<HTMLButtonElement>(null);
  const titleId = useId();
  const wasAsking = useRef(false);
  useEffect(() => {
    // Focus follows the dialog in and back out to the button that opened it.
    if (asking) keepRef.current?.focus();
    else if (wasAsking.current) openerRef.current?.focus();
    wasAsking.current = asking;
  }, [asking]);
  const close = () => setAsking(false);

  if (!asking) {
    return (
      <button
        ref={openerRef}
        type="button"
        className={props.danger ? 'button button-danger' : 'button'}
        disabled={props.disabled}
        onClick={() => setAsking(true)}
      >
        {props.label}
      </button>
    );
  }
  return (
    <div
      className="confirm"
      role="alertdialog"
      aria-labelledby={titleId}
      onKeyDown={(event) => {
        if (event.key === 'Escape') close();
      }}
    >
      <p id={titleId}>{props.question}</p>
      <div className="button-row">
        <button
          type="button"
          className={props.danger ? 'button button-danger' : 'button button-primary'}
          onClick={() => {
            setAsking(false);
            props.onConfirm();
          }}
        >
          {props.confirmLabel}
        </button>
        <button ref={keepRef} type="button" className="button" onClick={close}>
          Keep as is
        </button>
      </div>
    </div>
  );
}
