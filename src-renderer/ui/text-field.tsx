import { useId, type InputHTMLAttributes } from 'react';

type InputProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'value' | 'onChange' | 'className'>;

interface TextFieldProps extends InputProps {
  label: string;
  value: string;
  onValue: (value: string) => void;
  /** Shown under the field, in the problem colour, and marks the input invalid; else `help` is shown. */
  problem: string | null;
  help: string;
  mono?: boolean;
}

/** A labelled input whose help line doubles as its problem line, so the layout never jumps. */
export function TextField({ label, value, onValue, problem, help, mono, ...input }: TextFieldProps) {
  const id = useId();
  const helpId = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        {...input}
        id={id}
        className={mono ? 'input mono' : 'input'}
        autoComplete="off"
        spellCheck={false}
        value={value}
        aria-invalid={problem !== null}
        aria-describedby={helpId}
        onChange={(e) => onValue(e.target.value)}
      />
      <p id={helpId} className={problem !== null ? 'field-help field-problem' : 'field-help'}>
        {problem ?? help}
      </p>
    </div>
  );
}
