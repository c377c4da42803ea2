// Generated repos for tests and the demo. Small (a few MB in all) and deterministic: the same
// commit shas and oids on every run and machine.
import { keystreamBuffer } from './objects.js'
import { defaultGitattributes, type HubRepoType, type HubStore } from './store.js'

export interface FixtureRepo {
  id: string
  type: HubRepoType
  /** Named commits; `main` is the branch head. */
  commits: Record<string, string>
  /** Every file path at main. */
  files: string[]
}

export interface Fixtures {
  /** Tag v1.0 = commits.first; main changes config.json only; branch dev; refs/pr/1. */
  tinyModel: FixtureRepo & {
    commits: { first: string; main: string; dev: string; pr1: string }
    lfsFiles: string[]
  }
  tinyDataset: FixtureRepo & { lfsFiles: string[] }
  tinySpace: FixtureRepo
  manyFiles: FixtureRepo & { directories: string[] }
  awkwardNames: FixtureRepo & { emptyFile: string; lfsFiles: string[] }
  privateModel: FixtureRepo
  gatedModel: FixtureRepo
  /** Two LFS paths with one content, and two plain paths with one content. */
  sharedBlobs: FixtureRepo & { sameLfs: [string, string]; samePlain: [string, string] }
  /** Created as formerId, then renamed to id: the old id redirects. */
  renamed: FixtureRepo & { formerId: string }
  tokens: {
    /** Reads acme/private-model and passes acme/gated-model. */
    reader: string
    /** Known to the hub, grants nothing. */
    noAccess: string
    /** Same grants as reader, without the hf_ prefix (org and OIDC tokens have none). */
    unprefixed: string
  }
}

export interface DemoFixtures {
  model: FixtureRepo
  dataset: FixtureRepo
}

export async function buildFixtures(store: HubStore): Promise<Fixtures> {
  const gitattributes = defaultGitattributes()

  // --- acme/tiny-model: several revisions sharing one weights blob ---
  const tinyModel = 'acme/tiny-model'
  store.createRepo(tinyModel)
  const weights = await safetensors('acme/tiny-model', [
    ['model.embed_tokens.weight', [512, 1024]],
    ['model.layers.0.mlp.up_proj.weight', [1024, 512]],
    ['model.norm.weight', [512]]
  ])
  const first = await store.commit(tinyModel, {
    files: {
      '.gitattributes': gitattributes,
      'README.md': modelCard('tiny-model', 'A tiny model for modelbake tests.'),
      'config.json': json({ architectures: ['LlamaForCausalLM'], hidden_size: 512, revision: 1 }),
      'tokenizer.json': json(wordLevelTokenizer(64)),
      'generation_config.json': json({ do_sample: false, max_new_tokens: 16 }),
      'model.safetensors': weights,
      'original/params.json': json({ dim: 512, n_layers: 1, n_heads: 8 })
    }
  })
  store.tag(tinyModel, 'v1.0', first)
  const main = await store.commit(tinyModel, {
    files: {
      'config.json': json({ architectures: ['LlamaForCausalLM'], hidden_size: 512, revision: 2 })
    }
  })
  store.branch(tinyModel, 'dev', main)
  const dev = await store.commit(tinyModel, {
    branch: 'dev',
    files: { 'generation_config.json': json({ do_sample: true, temperature: 0.7 }) }
  })
  store.setRef(tinyModel, 'refs/pr/1', main)
  const pr1 = await store.commit(tinyModel, {
    branch: 'refs/pr/1',
    files: { 'README.md': modelCard('tiny-model', 'Proposed in PR #1.') }
  })

  // --- acme/tiny-dataset ---
  const tinyDataset = 'acme/tiny-dataset'
  store.createRepo(tinyDataset, { type: 'dataset' })
  const datasetMain = await store.commit(tinyDataset, {
    type: 'dataset',
    files: {
      '.gitattributes': gitattributes,
      'README.md': '---\nlicense: mit\n---\n# tiny-dataset\n',
      'data/train-00000-of-00001.parquet': { size: 256 * 1024, seed: 'tiny-dataset-train' },
      'data/test.jsonl': Array.from(
        { length: 20 },
        (_, i) => `{"id": ${i}, "text": "row ${i}"}\n`
      ).join('')
    }
  })

  // --- acme/tiny-space ---
  const tinySpace = 'acme/tiny-space'
  store.createRepo(tinySpace, { type: 'space' })
  const spaceMain = await store.commit(tinySpace, {
    type: 'space',
    files: {
      '.gitattributes': gitattributes,
      'README.md': '---\nsdk: gradio\n---\n# tiny-space\n',
      'app.py': 'import gradio as gr\n',
      'requirements.txt': 'gradio\n'
    }
  })

  // --- acme/many-files: enough entries for several listing pages ---
  const manyFiles = 'acme/many-files'
  store.createRepo(manyFiles)
  const manyEntries: Record<string, string> = { '.gitattributes': gitattributes }
  for (let i = 0; i < 300; i++) {
    const n = String(i).padStart(3, '0')
    const path = i < 20 ? `root-${n}.txt` : `nested/g${i % 7}/s${i % 3}/file-${n}.json`
    manyEntries[path] = json({ index: i })
  }
  const manyMain = await store.commit(manyFiles, { files: manyEntries })

  // --- acme/awkward-names: everything a URL or a file system can trip on ---
  const awkwardNames = 'acme/awkward-names'
  store.createRepo(awkwardNames)
  const awkwardLfs = 'weights [v2] #1.safetensors'
  const awkwardMain = await store.commit(awkwardNames, {
    files: {
      '.gitattributes': gitattributes,
      'with space.txt': 'space\n',
      'café/naïve é.json': json({ accent: 'é' }),
      '日本語/ファイル.txt': 'こんにちは\n',
      'hash#name.txt': 'hash\n',
      'question?mark.txt': 'question\n',
      'percent%20literal.txt': 'a literal %20 in the name\n',
      'plus+sign.txt': 'plus\n',
      'brackets[x].txt': 'brackets\n',
      'semi;colon&eq=.txt': 'punctuation\n',
      'deep/a/b/c/d/e/f/g/h/i/j/leaf.txt': 'deep\n',
      'empty.txt': '',
      [awkwardLfs]: { size: 40 * 1024, seed: 'awkward-lfs' }
    }
  })

  // --- private and gated ---
  const privateModel = 'acme/private-model'
  store.createRepo(privateModel, { private: true })
  const privateMain = await store.commit(privateModel, {
    files: smallModelFiles('private-model', gitattributes)
  })
  const gatedModel = 'acme/gated-model'
  store.createRepo(gatedModel, { gated: 'manual' })
  const gatedMain = await store.commit(gatedModel, {
    files: smallModelFiles('gated-model', gitattributes)
  })
  const tokens = {
    reader: 'hf_test_reader_private_and_gated',
    noAccess: 'hf_test_no_access',
    unprefixed: 'org_token_without_hf_prefix'
  }
  store.addToken(tokens.reader, { repos: [privateModel, gatedModel] })
  store.addToken(tokens.noAccess, { repos: [] })
  store.addToken(tokens.unprefixed, { repos: [privateModel, gatedModel] })

  // --- acme/shared-blobs ---
  const sharedBlobs = 'acme/shared-blobs'
  store.createRepo(sharedBlobs)
  const sharedWeights = await keystreamBuffer('shared-blobs-weights', 96 * 1024)
  const sameLfs: [string, string] = ['a/weights.safetensors', 'b/weights.safetensors']
  const samePlain: [string, string] = ['copy-1.txt', 'copy-2.txt']
  const sharedMain = await store.commit(sharedBlobs, {
    files: {
      '.gitattributes': gitattributes,
      [sameLfs[0]]: sharedWeights,
      [sameLfs[1]]: sharedWeights,
      [samePlain[0]]: 'the same text twice\n',
      [samePlain[1]]: 'the same text twice\n'
    }
  })

  // --- a renamed repo ---
  const formerId = 'acme/old-name'
  const renamedId = 'acme/new-name'
  store.createRepo(formerId)
  const renamedMain = await store.commit(formerId, {
    files: {
      '.gitattributes': gitattributes,
      'config.json': json({ renamed: true }),
      'model.safetensors': { size: 32 * 1024, seed: 'renamed-weights' }
    }
  })
  store.rename(formerId, renamedId)

  const describe = (id: string, type: HubRepoType, commits: Record<string, string>) => ({
    id,
    type,
    commits,
    files: [...store.filesAt(id, 'main', type).keys()].sort()
  })
  const lfsOf = (id: string, type: HubRepoType) =>
    [...store.filesAt(id, 'main', type).values()].filter((f) => f.lfs).map((f) => f.path)

  const many = describe(manyFiles, 'model', { main: manyMain })
  return {
    tinyModel: {
      ...describe(tinyModel, 'model', { first, main, dev, pr1 }),
      commits: { first, main, dev, pr1 },
      lfsFiles: lfsOf(tinyModel, 'model')
    },
    tinyDataset: {
      ...describe(tinyDataset, 'dataset', { main: datasetMain }),
      lfsFiles: lfsOf(tinyDataset, 'dataset')
    },
    tinySpace: describe(tinySpace, 'space', { main: spaceMain }),
    manyFiles: { ...many, directories: directoriesOf(many.files) },
    awkwardNames: {
      ...describe(awkwardNames, 'model', { main: awkwardMain }),
      emptyFile: 'empty.txt',
      lfsFiles: [awkwardLfs]
    },
    privateModel: describe(privateModel, 'model', { main: privateMain }),
    gatedModel: describe(gatedModel, 'model', { main: gatedMain }),
    sharedBlobs: { ...describe(sharedBlobs, 'model', { main: sharedMain }), sameLfs, samePlain },
    renamed: { ...describe(renamedId, 'model', { main: renamedMain }), formerId },
    tokens
  }
}

/** A tiny but loadable Llama (2 safetensors shards, ~8 MB) and a small dataset, for the demo. */
export async function buildDemoFixtures(store: HubStore): Promise<DemoFixtures> {
  const gitattributes = defaultGitattributes()
  const modelId = 'modelbake-demo/tiny-llama'
  const hidden = 256
  const intermediate = 688
  const vocab = 2048
  const layers = 4
  const heads = 4
  const kvHeads = 2
  const kvDim = (hidden / heads) * kvHeads
  const layerTensors = (i: number): Array<[string, number[]]> => [
    [`model.layers.${i}.input_layernorm.weight`, [hidden]],
    [`model.layers.${i}.mlp.down_proj.weight`, [hidden, intermediate]],
    [`model.layers.${i}.mlp.gate_proj.weight`, [intermediate, hidden]],
    [`model.layers.${i}.mlp.up_proj.weight`, [intermediate, hidden]],
    [`model.layers.${i}.post_attention_layernorm.weight`, [hidden]],
    [`model.layers.${i}.self_attn.k_proj.weight`, [kvDim, hidden]],
    [`model.layers.${i}.self_attn.o_proj.weight`, [hidden, hidden]],
    [`model.layers.${i}.self_attn.q_proj.weight`, [hidden, hidden]],
    [`model.layers.${i}.self_attn.v_proj.weight`, [kvDim, hidden]]
  ]
  const shards: Array<Array<[string, number[]]>> = [
    [['model.embed_tokens.weight', [vocab, hidden]], ...layerTensors(0), ...layerTensors(1)],
    [
      ...layerTensors(2),
      ...layerTensors(3),
      ['model.norm.weight', [hidden]],
      ['lm_head.weight', [vocab, hidden]]
    ]
  ]
  const files: Record<string, Buffer | string> = { '.gitattributes': gitattributes }
  const weightMap: Record<string, string> = {}
  let totalSize = 0
  for (const [index, tensors] of shards.entries()) {
    const name = `model-0000${index + 1}-of-0000${shards.length}.safetensors`
    files[name] = await safetensors(`${modelId}/${name}`, tensors)
    for (const [tensor, shape] of tensors) {
      weightMap[tensor] = name
      totalSize += 2 * shape.reduce((a, b) => a * b, 1)
    }
  }
  files['model.safetensors.index.json'] = json({
    metadata: { total_size: totalSize },
    weight_map: Object.fromEntries(Object.entries(weightMap).sort())
  })
  files['config.json'] = json({
    architectures: ['LlamaForCausalLM'],
    model_type: 'llama',
    hidden_size: hidden,
    intermediate_size: intermediate,
    num_hidden_layers: layers,
    num_attention_heads: heads,
    num_key_value_heads: kvHeads,
    vocab_size: vocab,
    max_position_embeddings: 512,
    rms_norm_eps: 1e-6,
    rope_theta: 10000,
    tie_word_embeddings: false,
    torch_dtype: 'bfloat16',
    bos_token_id: 1,
    eos_token_id: 2
  })
  files['generation_config.json'] = json({ bos_token_id: 1, eos_token_id: 2, max_new_tokens: 32 })
  files['tokenizer.json'] = json(wordLevelTokenizer(vocab))
  files['tokenizer_config.json'] = json({
    bos_token: '<s>',
    eos_token: '</s>',
    unk_token: '<unk>',
    model_max_length: 512,
    tokenizer_class: 'PreTrainedTokenizerFast'
  })
  files['special_tokens_map.json'] = json({
    bos_token: '<s>',
    eos_token: '</s>',
    unk_token: '<unk>'
  })
  files['README.md'] = modelCard(
    'tiny-llama',
    'A 4-layer Llama with random weights, served by the modelbake local hub.'
  )
  store.createRepo(modelId)
  const modelMain = await store.commit(modelId, { files })

  const datasetId = 'modelbake-demo/tiny-corpus'
  store.createRepo(datasetId, { type: 'dataset' })
  const datasetMain = await store.commit(datasetId, {
    type: 'dataset',
    files: {
      '.gitattributes': gitattributes,
      'README.md': '---\nlicense: mit\n---\n# tiny-corpus\n',
      'data/train-00000-of-00001.parquet': { size: 512 * 1024, seed: 'tiny-corpus-train' },
      'data/validation.jsonl': Array.from({ length: 50 }, (_, i) => `{"text": "line ${i}"}\n`).join(
        ''
      )
    }
  })
  const list = (id: string, type: HubRepoType) => [...store.filesAt(id, 'main', type).keys()].sort()
  return {
    model: {
      id: modelId,
      type: 'model',
      commits: { main: modelMain },
      files: list(modelId, 'model')
    },
    dataset: {
      id: datasetId,
      type: 'dataset',
      commits: { main: datasetMain },
      files: list(datasetId, 'dataset')
    }
  }
}

function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`
}

function modelCard(name: string, text: string): string {
  return `---\nlicense: mit\nlibrary_name: transformers\n---\n# ${name}\n\n${text}\n`
}

function directoriesOf(files: string[]): string[] {
  const dirs = new Set<string>()
  for (const file of files) {
    const segments = file.split('/')
    for (let i = 1; i < segments.length; i++) dirs.add(segments.slice(0, i).join('/'))
  }
  return [...dirs].sort()
}

/** A minimal tokenizers-format WordLevel tokenizer: loadable, with ids 0-2 as unk/bos/eos. */
function wordLevelTokenizer(vocabSize: number): unknown {
  const specials = ['<unk>', '<s>', '</s>']
  const vocab: Record<string, number> = {}
  for (let i = 0; i < vocabSize; i++) vocab[specials[i] ?? `tok${i}`] = i
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: specials.map((content, id) => ({
      id,
      content,
      single_word: false,
      lstrip: false,
      rstrip: false,
      normalized: false,
      special: true
    })),
    normalizer: null,
    pre_tokenizer: { type: 'Whitespace' },
    post_processor: null,
    decoder: null,
    model: { type: 'WordLevel', vocab, unk_token: '<unk>' }
  }
}

/**
 * A valid safetensors file of BF16 tensors with small random values (no NaN/Inf): an 8-byte
 * little-endian header length, the JSON header padded to 8 bytes, then the tensor data.
 */
async function safetensors(seed: string, tensors: Array<[string, number[]]>): Promise<Buffer> {
  const header: Record<string, unknown> = { __metadata__: { format: 'pt' } }
  let offset = 0
  for (const [name, shape] of tensors) {
    const bytes = 2 * shape.reduce((a, b) => a * b, 1)
    header[name] = { dtype: 'BF16', shape, data_offsets: [offset, offset + bytes] }
    offset += bytes
  }
  let headerText = JSON.stringify(header)
  headerText += ' '.repeat((8 - (Buffer.byteLength(headerText) % 8)) % 8)
  const data = await keystreamBuffer(`safetensors:${seed}`, offset)
  // Keep the sign and mantissa, force the exponent into 2^-8..2^-5: weights of a plausible size.
  for (let i = 0; i < data.length; i += 2) {
    const bits = data.readUInt16LE(i)
    const exponent = 0x77 + ((bits >> 7) & 0x3)
    data.writeUInt16LE((bits & 0x807f) | (exponent << 7), i)
  }
  const length = Buffer.alloc(8)
  length.writeBigUInt64LE(BigInt(Buffer.byteLength(headerText)))
  return Buffer.concat([length, Buffer.from(headerText), data])
}

function smallModelFiles(
  name: string,
  gitattributes: string
): Record<string, string | { size: number; seed: string }> {
  return {
    '.gitattributes': gitattributes,
    'README.md': modelCard(name, 'Restricted.'),
    'config.json': json({ architectures: ['LlamaForCausalLM'], name }),
    'model.safetensors': { size: 64 * 1024, seed: `${name}-weights` }
  }
}
