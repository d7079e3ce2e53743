# 笔记本的 ReLU 单元格，逐字照录；标有“改动”的行是为了在没有图形界面的
# 环境（CI）中运行：用 Agg 后端，把图写入环境变量 ACTIVATIONS_FIGURES_DIR
# 指定的目录（默认当前目录），而不是 plt.show()。
# 笔记本只在第一个单元格中导入 numpy 和 matplotlib，这里补上。
import os  # 改动：图写入的目录来自环境变量
import matplotlib  # 改动：无界面运行
matplotlib.use("Agg")  # 改动：无界面运行
import numpy as np  # 改动：笔记本在第一个单元格中导入
import matplotlib.pyplot as plt  # 改动：笔记本在第一个单元格中导入

# ANCHOR: functions
# 定义 ReLU 函数
def relu(x):
    return np.maximum(0, x)

# 定义 ReLU 函数的导数
def relu_derivative(x):
    return np.where(x > 0, 1, 0)
# ANCHOR_END: functions

# 生成数据
x = np.linspace(-10, 10, 100)
y = relu(x)
dy = relu_derivative(x)

# 绘制图形
plt.figure(figsize=(8, 5))
plt.plot(x, y, label='ReLU Function')
plt.plot(x, dy, label='ReLU Derivative', linestyle='--')
plt.title('ReLU Function and its Derivative')
plt.xlabel('x')
plt.ylabel('value')
plt.grid(True)
plt.legend()
plt.savefig(os.path.join(os.environ.get("ACTIVATIONS_FIGURES_DIR", "."), "relu.png"))  # 改动：原为 plt.show()
