import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { DeviceSelf } from '../../../server/protocol/devices';
import type { ErrorPayload } from '../../../server/protocol/errors';
import { pairDevice } from '../../../ui-shared/device-api';
import { completePairingCode, foreignCodeCharacters, formatPairingInput, isValidPin, pinInput, targetName } from '../../../ui-shared/devices';
import { useI18n } from '../i18n';
import { useDeviceText } from './texts';

type Step = { kind: 'code' } | { kind: 'pin'; code: string } | { kind: 'done'; device: DeviceSelf };
type Problem = { kind: 'text'; text: string } | { kind: 'refused'; error: ErrorPayload };

/**
 * Redeems a pairing code: the code (auto-formatted, from ?code= when the QR code was scanned),
 * for chair and clerk codes a PIN chosen twice, then on to the device's screen. `autoFocus`: the
 * code field takes the focus when the form appears (the pairing page, where it is the task).
 */
export function PairForm({ initialCode, onPaired, autoFocus = false }: { initialCode: string; onPaired?: (device: DeviceSelf) => void; autoFocus?: boolean }) {
  const { pick } = useI18n();
  const d = useDeviceText();
  const [step, setStep] = useState<Step>({ kind: 'code' });
  const [code, setCode] = useState(initialCode);
  const [pin1, setPin1] = useState('');
  const [pin2, setPin2] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const codeId = useId();
  const codeHintId = useId();
  const problemId = useId();
  const pin1Id = useId();
  const pin2Id = useId();
  const pinHintId = useId();
  const firstPin = useRef<HTMLInputElement>(null);
  const codeField = useRef<HTMLInputElement>(null);

  // a keyboard user continues where the form is: in the code field, then in the first PIN field
  useEffect(() => {
    if (autoFocus) codeField.current?.focus();
  }, [autoFocus]);
  const backToCode = useRef(false);
  useEffect(() => {
    if (step.kind === 'pin') firstPin.current?.focus();
    // "Anderen Code eingeben": the button that had the focus is gone; the code field takes it
    if (step.kind === 'code' && backToCode.current) codeField.current?.focus();
    backToCode.current = false;
  }, [step.kind]);

  const redeem = async (pairingCode: string, pin?: string) => {
    setBusy(true);
    setProblem(null);
    try {
      const outcome = await pairDevice(pairingCode, pin);
      if (outcome.ok) {
        setStep({ kind: 'done', device: outcome.device });
        onPaired?.(outcome.device);
        if (outcome.device.home) window.location.assign(outcome.device.home);
      } else if (outcome.kind === 'pin-required') {
        setStep({ kind: 'pin', code: pairingCode });
      } else if (outcome.kind === 'unreachable') {
        setProblem({ kind: 'text', text: d('pair.unreachable') });
      } else {
        setProblem({ kind: 'refused', error: outcome.error });
      }
    } finally {
      setBusy(false);
    }
  };

  const submitCode = (e: FormEvent) => {
    e.preventDefault();
    const complete = completePairingCode(code);
    if (!complete) {
      const foreign = foreignCodeCharacters(code);
      setProblem({ kind: 'text', text: foreign.length > 0 ? d('pair.foreign', { chars: foreign.join(', ') }) : d('pair.incomplete') });
      return;
    }
    void redeem(complete);
  };

  const submitPin = (e: FormEvent) => {
    e.preventDefault();
    if (step.kind !== 'pin') return;
    if (!isValidPin(pin1)) setProblem({ kind: 'text', text: d('pair.pinInvalid') });
    else if (pin1 !== pin2) setProblem({ kind: 'text', text: d('pair.pinMismatch') });
    else void redeem(step.code, pin1);
  };

  const problemView = problem && (
    <div id={problemId} className="alert pair__problem" role="alert">
      <span className="alert__icon" aria-hidden="true">
        !
      </span>
      <span className="alert__text">
        {problem.kind === 'text' ? problem.text : pick(problem.error.message)}
        {problem.kind === 'refused' && problem.error.code.startsWith('pairing-code-') && <> {d('pair.newCode')}</>}
      </span>
    </div>
  );

  if (step.kind === 'done') {
    return (
      <div className="pair__done" role="status">
        <p className="pair__done-title">{d('pair.done', { target: pick(targetName(step.device.target)) })}</p>
        <p>{step.device.home ? d('pair.going') : d('device.agent')}</p>
      </div>
    );
  }

  if (step.kind === 'pin') {
    return (
      <form className="pair__form" onSubmit={submitPin} noValidate aria-labelledby={`${pinHintId}-title`}>
        <h2 id={`${pinHintId}-title`} className="pair__step-title">
          {d('pair.pinTitle')}
        </h2>
        <p id={pinHintId} className="pair__hint">
          {d('pair.pinIntro')}
        </p>
        <p className="pair__code-echo">
          {d('pair.code')}: <strong>{step.code}</strong>
        </p>
        <div className="field">
          <label htmlFor={pin1Id}>{d('pair.pin1')}</label>
          <input
            ref={firstPin}
            id={pin1Id}
            className="input input--lg pair__pin"
            type="password"
            inputMode="numeric"
            autoComplete="new-password"
            maxLength={12}
            value={pin1}
            aria-describedby={problem ? `${pinHintId} ${problemId}` : pinHintId}
            aria-invalid={problem !== null}
            onChange={(e) => {
              setPin1(pinInput(e.target.value));
              setProblem(null);
            }}
          />
        </div>
        <div className="field">
          <label htmlFor={pin2Id}>{d('pair.pin2')}</label>
          <input
            id={pin2Id}
            className="input input--lg pair__pin"
            type="password"
            inputMode="numeric"
            autoComplete="new-password"
            maxLength={12}
            value={pin2}
            aria-invalid={problem !== null}
            onChange={(e) => {
              setPin2(pinInput(e.target.value));
              setProblem(null);
            }}
          />
        </div>
        {problemView}
        <div className="pair__actions">
          <button type="submit" className="btn btn--primary btn--xl" disabled={busy} aria-busy={busy}>
            {busy ? d('pair.busy') : d('pair.pinSubmit')}
          </button>
          <button
            type="button"
            className="btn btn--ghost btn--lg"
            onClick={() => {
              backToCode.current = true;
              setStep({ kind: 'code' });
              setPin1('');
              setPin2('');
              setProblem(null);
            }}
          >
            {d('pair.otherCode')}
          </button>
        </div>
      </form>
    );
  }

  return (
    <form className="pair__form" onSubmit={submitCode} noValidate>
      <div className="field">
        <label htmlFor={codeId} className="pair__code-label">
          {d('pair.code')}
        </label>
        <input
          ref={codeField}
          id={codeId}
          className="input pair__code"
          type="text"
          autoComplete="off"
          autoCapitalize="characters"
          autoCorrect="off"
          spellCheck={false}
          placeholder="ABCD-EFGH"
          maxLength={12}
          value={code}
          aria-invalid={problem !== null}
          aria-describedby={problem ? `${codeHintId} ${problemId}` : codeHintId}
          onChange={(e) => {
            setCode(formatPairingInput(e.target.value));
            setProblem(null);
          }}
        />
        <p id={codeHintId} className="field__hint">
          {d('pair.codeHint')}
        </p>
      </div>
      {problemView}
      <div className="pair__actions">
        <button type="submit" className="btn btn--primary btn--xl" disabled={busy} aria-busy={busy}>
          {busy ? d('pair.busy') : d('pair.submit')}
        </button>
      </div>
    </form>
  );
}
