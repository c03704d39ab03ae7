// torch-node/vision io: image files <-> uint8 CHW tensors (torchvision.io), on sharp.
export {};
