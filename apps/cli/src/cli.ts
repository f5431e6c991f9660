import { Command, CommanderError, Option } from 'commander';
import { BACKEND_NAMES } from './backends.js';
import { evaluate } from './commands/evaluate.js';
import { info } from './commands/info.js';
import { predict } from './commands/predict.js';
import { train, TRAIN_DEFAULTS } from './commands/train.js';
import { errorLine, exitCodeOf } from './errors.js';
import { processIo, type CliIo } from './io.js';

const backendOption = () => new Option('--backend <name>', `compute backend: ${BACKEND_NAMES.join(', ')} (default: wasm when it loads, else js)`);
const threadsOption = () => new Option('--threads <n>', 'wasm threads (default: the number of cores)');

function program(io: CliIo, setCommand: (name: string) => void): Command {
  const root = new Command('tessera')
    .description('Train, evaluate and run Tessera models.')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()), outputError: () => undefined })
    .showSuggestionAfterError(true);
  root.hook('preAction', (_root, action) => setCommand(action.name()));

  root.command('train')
    .description('train a model on a dataset, with a checkpoint per epoch, history JSON and a plot')
    .option('--model <name|file>', 'small-cnn, mlp, a zoo model (lenet5, vggSmall, resnet18, mobilenetV1) or a JSON model config')
    .option('--dataset <name|path>', 'fashion_mnist, digits, iris, wine, breast_cancer, an IDX directory or a CSV file')
    .option('--epochs <n>', `epochs in total (default ${TRAIN_DEFAULTS.epochs})`)
    .option('--batch-size <n>', `samples per batch (default ${TRAIN_DEFAULTS.batchSize})`)
    .option('--optimizer <name>', `sgd, adam, adamw, rmsprop or adagrad (default ${TRAIN_DEFAULTS.optimizer})`)
    .option('--lr <rate>', `learning rate (default ${TRAIN_DEFAULTS.lr})`)
    .addOption(backendOption())
    .addOption(threadsOption())
    .option('--seed <n>', 'seeds initialization, splits, shuffles and dropout (default: random, printed)')
    .option('--out <file>', `the trained model (default ${TRAIN_DEFAULTS.out})`)
    .option('--validation-split <f>', `fraction of the training rows held out for validation (default ${TRAIN_DEFAULTS.validationSplit})`)
    .option('--test-split <f>', `test fraction for datasets without a test split (default ${TRAIN_DEFAULTS.testSplit})`)
    .option('--resume', 'continue the run in the checkpoint directory from its last checkpoint')
    .option('--force', 'start a new run even if the checkpoint directory holds one (its checkpoints are removed)')
    .option('--checkpoint-dir <dir>', 'checkpoints and run state (default: <out>.ckpt)')
    .option('--history <file>', 'history JSON (default: <out>.history.json)')
    .option('--plot <file>', 'loss/accuracy plot, SVG (default: <out>.history.svg)')
    .action((opts) => train(opts, io));

  root.command('eval')
    .description('loss and accuracy of a saved model on a dataset\'s test rows')
    .option('--model <file>', 'a model file written by tessera train')
    .option('--dataset <name|path>', 'default: the dataset the model was trained on')
    .option('--split <which>', 'test (default) or train')
    .option('--test-split <f>', 'test fraction for datasets without a test split (default: as in training)')
    .option('--batch-size <n>', 'samples per batch (default 256)')
    .addOption(backendOption())
    .addOption(threadsOption())
    .action((opts) => evaluate(opts, io));

  root.command('predict')
    .description('classes and probabilities for PNG images or CSV rows')
    .argument('<inputs...>', '.png images or .csv files (one sample per row; a trailing label column is ignored)')
    .option('--model <file>', 'a model file written by tessera train')
    .option('--top <k>', 'classes shown per sample (default 3)')
    .option('--no-header', 'CSV files have no header row')
    .addOption(backendOption())
    .addOption(threadsOption())
    .action((inputs: string[], opts) => predict(inputs, opts, io));

  root.command('info')
    .description('backends available (threads, WebGPU adapter), models and datasets')
    .action(() => info(io));
  return root;
}

/** Runs the command line and returns the exit code; every error is one line on stderr. */
export async function runCli(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  let command = '';
  const root = program(io, (name) => { command = name; });
  try {
    if (argv.length === 0) {
      root.outputHelp();
      return 2;
    }
    await root.parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.exitCode === 0) return 0;   // --help, --version
      io.err(`tessera: ${error.message.replace(/^error: /, '')}`);
      return 2;
    }
    io.err(errorLine(command, error));
    return exitCodeOf(error);
  }
}
